package dev.troco.gateway.checkout;

import dev.troco.events.common.Environment;
import dev.troco.gateway.domain.Company;
import dev.troco.gateway.service.AuditLog;
import dev.troco.gateway.service.Authentication;
import dev.troco.kit.id.Ids;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
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
 * replaces the old one at once. The secret is made and kept (sealed) by the notification-service,
 * which signs with it; the gateway shows it once and keeps only the public key.
 */
@ApplicationScoped
public class CheckoutCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int PUBLIC_KEY_RANDOM_CHARS = 32;

    private final Authentication authentication;
    private final AuditLog audit;
    private final IpnSecretClient secrets;
    private final Clock clock;

    CheckoutCredentials(Authentication authentication, AuditLog audit, @RestClient IpnSecretClient secrets, Clock clock) {
        this.authentication = authentication;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
    }

    public record Issued(CheckoutCredential credential, String secretKey) {
    }

    public Issued issue(AuditLog.Actor actor, Company company, Environment environment, String totpCode) {
        QuarkusTransaction.requiringNew().run(() -> authentication.requireSecondFactor(actor.userId(), totpCode));
        String id = Ids.next("ckc");
        String secretKey;
        try {
            secretKey = secrets.issue(company.id, environment.name(), id).secretKey();
        } catch (WebApplicationException | ProcessingException e) {
            throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE,
                    "Checkout credentials cannot be issued right now; retry shortly");
        }
        CheckoutCredential credential = QuarkusTransaction.requiringNew().call(() -> {
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
            audit.record(actor, company.id, "checkout_credential.issued", id, true,
                    Map.of("environment", environment.name(), "publicKey", created.publicKey));
            return created;
        });
        return new Issued(credential, secretKey);
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
