package dev.troco.notification.signing;

import dev.troco.kit.crypto.SecretBox;
import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Seals and opens webhook signing secrets, and keeps the one secret per company and environment
 * that signs deliveries to charges' own callback URLs (they belong to no registered endpoint). Each
 * sealed value is bound to its row, so it cannot be moved to another endpoint or company.
 */
@ApplicationScoped
public class SigningSecrets {

    private final SecretBox box;
    private final Sql sql;
    private final Clock clock;

    SigningSecrets(SecretBox box, Sql sql, Clock clock) {
        this.box = box;
        this.sql = sql;
        this.clock = clock;
    }

    public byte[] sealForEndpoint(WebhookSecret secret, String endpointId) {
        return box.sealText(secret.value(), endpointPurpose(endpointId));
    }

    public WebhookSecret openForEndpoint(byte[] sealed, String endpointId) {
        return new WebhookSecret(box.openText(sealed, endpointPurpose(endpointId)));
    }

    /** The secrets that sign an endpoint's webhooks: the current one first, then the previous one if given. */
    public List<WebhookSecret> endpointSigners(String endpointId, byte[] current, byte[] previousStillValid) {
        List<WebhookSecret> secrets = new ArrayList<>(2);
        secrets.add(openForEndpoint(current, endpointId));
        if (previousStillValid != null) {
            secrets.add(openForEndpoint(previousStillValid, endpointId));
        }
        return secrets;
    }

    /** Creates the company's callback secret in this environment if it has none (in the caller's transaction). */
    public void ensureCallbackSecret(String companyId, Environment environment) {
        WebhookSecret fresh = WebhookSecret.generate();
        sql.update("""
                INSERT INTO callback_secret (company_id, environment, secret, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (company_id, environment) DO NOTHING""", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                    s.setBytes(3, box.sealText(fresh.value(), callbackPurpose(companyId, environment)));
                    Sql.setInstant(s, 4, clock.instant());
                });
    }

    public Optional<WebhookSecret> callbackSecret(String companyId, Environment environment) {
        return sql.queryOne("SELECT secret FROM callback_secret WHERE company_id = ? AND environment = ?", s -> {
            s.setString(1, companyId);
            s.setString(2, environment.name());
        }, row -> openCallback(row.getBytes("secret"), companyId, environment));
    }

    public WebhookSecret openCallback(byte[] sealed, String companyId, Environment environment) {
        return new WebhookSecret(box.openText(sealed, callbackPurpose(companyId, environment)));
    }

    private static String endpointPurpose(String endpointId) {
        return "webhook_endpoint:" + endpointId;
    }

    private static String callbackPurpose(String companyId, Environment environment) {
        return "callback_secret:" + companyId + ":" + environment.name();
    }
}
