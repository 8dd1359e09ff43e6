package dev.troco.gateway.checkout;

import dev.troco.events.Topics;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.gateway.domain.Company;
import dev.troco.gateway.service.AuditLog;
import dev.troco.gateway.service.Authentication;
import dev.troco.kit.id.Ids;
import dev.troco.kit.outbox.Outbox;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Seed 003's two keys for a company's hosted checkout: a public_key ({@code pk_test_...} in the
 * sandbox, {@code pk_live_...} in production) that authenticates {@code POST /payment/initiate}, and
 * a secret_key that signs the IPNs. Issued by a Moderator with a current TOTP code; a new pair
 * replaces the old one. The secret is made and kept (sealed) by the notification-service, which
 * signs with it; the gateway shows it once and keeps only the public key.
 *
 * <p>The notification-service makes the secret pending. The credential's transaction (revoking the
 * old public key, keeping the new one) also writes {@code ActivateIpnSecret} to the outbox, so the
 * new secret starts signing IPNs only if the credential was committed, about a second after it: a
 * gateway failing in between leaves the old public key and the old secret in use together.
 */
@ApplicationScoped
public class CheckoutCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int PUBLIC_KEY_RANDOM_CHARS = 32;

    private final Authentication authentication;
    private final AuditLog audit;
    private final IpnSecretClient secrets;
    private final Outbox outbox;
    private final Clock clock;

    CheckoutCredentials(Authentication authentication, AuditLog audit, @RestClient IpnSecretClient secrets,
            Outbox outbox, Clock clock) {
        this.authentication = authentication;
        this.audit = audit;
        this.secrets = secrets;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record Issued(CheckoutCredential credential, String secretKey) {
    }

    public Issued issue(AuditLog.Actor actor, Company company, Environment environment, String totpCode) {
        QuarkusTransaction.requiringNew().run(() -> authentication.requireSecondFactor(actor, company.id, totpCode,
                "checkout_credentials.issue"));
        String id = Ids.next("ckc");
        String[] secretKey = new String[1];
        CheckoutCredential credential = QuarkusTransaction.requiringNew().call(() -> {
            // one issuing at a time per company: the notifier's secrets are then issued in the order the
            // credentials commit, so the secret it signs with (the newest active) is the live key's
            Company.findById(company.id, LockModeType.PESSIMISTIC_WRITE);
            try {
                secretKey[0] = secrets.issue(company.id, environment.name(), id).secretKey();
            } catch (WebApplicationException | ProcessingException e) {
                throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE,
                        "Checkout credentials cannot be issued right now; retry shortly");
            }
            CheckoutCredential.update("revokedAt = ?1 where companyId = ?2 and environment = ?3 and revokedAt is null",
                    clock.instant(), company.id, environment.name());
            CheckoutCredential created = new CheckoutCredential();
            created.id = id;
            created.companyId = company.id;
            created.environment = environment.name();
            created.publicKey = publicKey(environment);
            created.createdAt = clock.instant();
            created.createdBy = actor.userId();
            created.persist();
            outbox.publish(Topics.NOTIFICATION_COMMANDS, activation(actor, created, environment));
            audit.record(actor, company.id, "checkout_credential.issued", id, true,
                    Map.of("environment", environment.name(), "publicKey", created.publicKey));
            return created;
        });
        return new Issued(credential, secretKey[0]);
    }

    /** Makes the credential's pending secret_key the one that signs: sent only if the credential commits. */
    private ActivateIpnSecret activation(AuditLog.Actor actor, CheckoutCredential credential, Environment environment) {
        return ActivateIpnSecret.newBuilder()
                .setMeta(CommandMetadata.newBuilder()
                        .setCommandId(Ids.uuid7())
                        .setIssuedAt(clock.instant())
                        .setMerchantId(credential.companyId)
                        .setEnvironment(environment)
                        .setAggregateId(credential.id)
                        .setActor(actor.userId())
                        .build())
                .setCredentialId(credential.id)
                .build();
    }

    public List<CheckoutCredential> live(Company company) {
        return QuarkusTransaction.requiringNew().call(() -> CheckoutCredential
                .<CheckoutCredential>list("companyId = ?1 and revokedAt is null order by environment", company.id));
    }

    static String publicKey(Environment environment) {
        StringBuilder key = new StringBuilder(environment == Environment.PRODUCTION ? "pk_live_" : "pk_test_");
        for (int i = 0; i < PUBLIC_KEY_RANDOM_CHARS; i++) {
            key.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return key.toString();
    }
}
