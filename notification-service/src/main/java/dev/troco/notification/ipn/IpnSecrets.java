package dev.troco.notification.ipn;

import dev.troco.kit.crypto.SecretBox;
import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * The companies' secret_keys (seed 003), one per company and environment. This service keeps them
 * because it signs IPNs with them; the gateway asks for a new one when a Moderator issues checkout
 * credentials and shows it to them once. Sealed at rest, bound to the company and environment.
 */
@ApplicationScoped
public class IpnSecrets {

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

    /**
     * The secret of this credential: a new one, which replaces the company's earlier secret in this
     * environment at once, or the same one again when the gateway retries the same credential.
     */
    @Transactional
    public String issue(String companyId, Environment environment, String credentialId) {
        String fresh = generate(environment);
        sql.update("""
                INSERT INTO ipn_secret (company_id, environment, credential_id, secret, created_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (company_id, environment) DO UPDATE
                    SET credential_id = EXCLUDED.credential_id, secret = EXCLUDED.secret, created_at = EXCLUDED.created_at
                    WHERE ipn_secret.credential_id <> EXCLUDED.credential_id""", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                    s.setString(3, credentialId);
                    s.setBytes(4, box.sealText(fresh, purpose(companyId, environment)));
                    Sql.setInstant(s, 5, clock.instant());
                });
        return current(companyId, environment).orElseThrow();
    }

    /** The secret that signs this company's IPNs in this environment, if one was ever issued. */
    public Optional<String> current(String companyId, Environment environment) {
        return sql.queryOne("SELECT secret FROM ipn_secret WHERE company_id = ? AND environment = ?", s -> {
            s.setString(1, companyId);
            s.setString(2, environment.name());
        }, row -> box.openText(row.getBytes("secret"), purpose(companyId, environment)));
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
