package dev.troco.notification.ipn;

import dev.troco.kit.crypto.SecretBox;
import dev.troco.kit.inbox.PoisonMessageException;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The companies' secret_keys (seed 003), one per checkout credential. This service keeps them
 * because it signs IPNs with them; the gateway asks for a new one when a Moderator issues checkout
 * credentials and shows it to them once. Sealed at rest, bound to the company and environment.
 *
 * <p>A secret is made PENDING, before the gateway commits its credential, and signs nothing until the
 * gateway's {@code ActivateIpnSecret} (written in the credential's transaction) activates it: a
 * gateway that fails in between leaves the company's earlier secret signing, not one nobody saw. The
 * secret that signs is the company's newest active one in the environment, by issue time, so an older
 * credential activated late never takes over from a newer one.
 */
@ApplicationScoped
public class IpnSecrets {

    private static final Logger LOG = Logger.getLogger(IpnSecrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SECRET_RANDOM_CHARS = 40;

    private final SecretBox box;
    private final Sql sql;
    private final Clock clock;

    IpnSecrets(SecretBox box, Sql sql, Clock clock) {
        this.box = box;
        this.sql = sql;
        this.clock = clock;
    }

    /** What an activation did. */
    public enum Activation {
        /** The secret signs from now on, unless a newer credential's secret is already active. */
        ACTIVATED,
        /** It was active already: a repeated command changes nothing. */
        ALREADY_ACTIVE
    }

    /**
     * The pending secret of this credential: a new one, or the same one again when the gateway retries
     * the same credential before committing it. It signs nothing until {@link #activate} is called for
     * the credential. Once active it is never answered again: only the Moderator who issued the
     * credential saw it, and a caller who reaches this internal endpoint must not read a live key.
     *
     * @throws ApiException 409 if the credential id was issued for another company or environment, or
     *         its secret is already active
     */
    @Transactional
    public String issue(String companyId, Environment environment, String credentialId) {
        String fresh = generate(environment);
        sql.update("""
                INSERT INTO ipn_secret (company_id, environment, credential_id, secret, created_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (credential_id) DO NOTHING""", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                    s.setString(3, credentialId);
                    s.setBytes(4, box.sealText(fresh, purpose(companyId, environment)));
                    Sql.setInstant(s, 5, clock.instant());
                });
        record Issued(byte[] sealed, boolean active) {
        }
        Issued issued = sql.queryOne("""
                SELECT secret, activated_at IS NOT NULL AS active FROM ipn_secret
                WHERE credential_id = ? AND company_id = ? AND environment = ?""",
                s -> {
                    s.setString(1, credentialId);
                    s.setString(2, companyId);
                    s.setString(3, environment.name());
                }, row -> new Issued(row.getBytes("secret"), row.getBoolean("active")))
                .orElseThrow(() -> new ApiException(ProblemCode.CONFLICT,
                        "Credential " + credentialId + " was issued for another company or environment"));
        if (issued.active()) {
            LOG.warnf("refused to answer the active IPN secret of credential %s again", credentialId);
            throw new ApiException(ProblemCode.CONFLICT, "The secret_key of credential " + credentialId
                    + " is already active and is never shown again: issue new checkout credentials");
        }
        return box.openText(issued.sealed(), purpose(companyId, environment));
    }

    /**
     * Activates the secret of a credential the gateway committed.
     *
     * @throws PoisonMessageException if no secret was issued for the credential (or not for this company
     *         and environment): retrying cannot help
     */
    @Transactional
    public Activation activate(String companyId, Environment environment, String credentialId) {
        int activated = sql.update("""
                UPDATE ipn_secret SET activated_at = ?
                WHERE credential_id = ? AND company_id = ? AND environment = ? AND activated_at IS NULL""", s -> {
                    Sql.setInstant(s, 1, clock.instant());
                    s.setString(2, credentialId);
                    s.setString(3, companyId);
                    s.setString(4, environment.name());
                });
        if (activated == 0) {
            boolean active = sql.queryOne("""
                    SELECT 1 FROM ipn_secret
                    WHERE credential_id = ? AND company_id = ? AND environment = ? AND activated_at IS NOT NULL""", s -> {
                        s.setString(1, credentialId);
                        s.setString(2, companyId);
                        s.setString(3, environment.name());
                    }, row -> true).isPresent();
            if (!active) {
                throw new PoisonMessageException("no IPN secret was issued for credential " + credentialId
                        + " of company " + companyId + " in " + environment
                        + " (its PUT never arrived, it was for another company, or it expired unactivated)");
            }
            return Activation.ALREADY_ACTIVE;
        }
        if (!credentialId.equals(currentCredential(companyId, environment).orElse(null))) {
            LOG.infof("IPN secret of credential %s activated after a newer credential's: the newer one keeps signing",
                    credentialId);
        }
        return Activation.ACTIVATED;
    }

    /** The secret that signs this company's IPNs in this environment: its newest active one, if any. */
    public Optional<String> current(String companyId, Environment environment) {
        return sql.queryOne("""
                SELECT secret FROM ipn_secret WHERE company_id = ? AND environment = ? AND activated_at IS NOT NULL
                ORDER BY created_at DESC, credential_id DESC LIMIT 1""", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                }, row -> box.openText(row.getBytes("secret"), purpose(companyId, environment)));
    }

    private Optional<String> currentCredential(String companyId, Environment environment) {
        return sql.queryOne("""
                SELECT credential_id FROM ipn_secret WHERE company_id = ? AND environment = ? AND activated_at IS NOT NULL
                ORDER BY created_at DESC, credential_id DESC LIMIT 1""", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                }, row -> row.getString("credential_id"));
    }

    /**
     * Deletes secrets issued before {@code cutoff} that were never activated: their gateway transaction
     * failed, so nobody holds them. Answers how many went.
     */
    @Transactional
    public int deletePendingIssuedBefore(Instant cutoff) {
        return sql.update("DELETE FROM ipn_secret WHERE activated_at IS NULL AND created_at < ?",
                s -> Sql.setInstant(s, 1, cutoff));
    }

    private static String generate(Environment environment) {
        StringBuilder secret = new StringBuilder(environment == Environment.PRODUCTION ? "sk_live_" : "sk_test_");
        for (int i = 0; i < SECRET_RANDOM_CHARS; i++) {
            secret.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return secret.toString();
    }

    private static String purpose(String companyId, Environment environment) {
        return "ipn_secret:" + companyId + ":" + environment.name();
    }
}
