package dev.troco.notification.webhook;

import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import dev.troco.notification.event.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code webhook_endpoint} table. Every read and change is scoped to one company and environment. */
@ApplicationScoped
public class WebhookEndpoints {

    private static final String COLUMNS = """
            id, company_id, environment, url, description, event_types, enabled, disabled_reason, disabled_at,
            failing_since, previous_secret_expires_at, created_at, updated_at""";

    /** The sealed secrets of an endpoint: the current one, and the previous one while it still signs. */
    public record SealedSecrets(byte[] current, byte[] previous, Instant previousExpiresAt) {
    }

    private final Sql sql;

    WebhookEndpoints(Sql sql) {
        this.sql = sql;
    }

    public void insert(WebhookEndpoint endpoint, byte[] sealedSecret) {
        sql.update("INSERT INTO webhook_endpoint (" + COLUMNS + ", secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, endpoint.id());
                    s.setString(2, endpoint.companyId());
                    s.setString(3, endpoint.environment().name());
                    s.setString(4, endpoint.url());
                    s.setString(5, endpoint.description());
                    Sql.setTextArray(s, 6, endpoint.eventTypes().isEmpty() ? null
                            : endpoint.eventTypes().stream().map(EventType::publicName).toList());
                    s.setBoolean(7, endpoint.enabled());
                    s.setString(8, endpoint.disabledReason());
                    Sql.setInstant(s, 9, endpoint.disabledAt());
                    Sql.setInstant(s, 10, endpoint.failingSince());
                    Sql.setInstant(s, 11, endpoint.previousSecretExpiresAt());
                    Sql.setInstant(s, 12, endpoint.createdAt());
                    Sql.setInstant(s, 13, endpoint.updatedAt());
                    s.setBytes(14, sealedSecret);
                });
    }

    public List<WebhookEndpoint> list(String companyId, Environment environment) {
        return sql.query("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE company_id = ? AND environment = ? ORDER BY id",
                s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                }, WebhookEndpoints::read);
    }

    public int count(String companyId, Environment environment) {
        return sql.queryOne("SELECT count(*) FROM webhook_endpoint WHERE company_id = ? AND environment = ?", s -> {
            s.setString(1, companyId);
            s.setString(2, environment.name());
        }, row -> row.getInt(1)).orElse(0);
    }

    public Optional<WebhookEndpoint> find(String companyId, Environment environment, String id) {
        return sql.queryOne("SELECT " + COLUMNS
                + " FROM webhook_endpoint WHERE id = ? AND company_id = ? AND environment = ?", s -> {
                    s.setString(1, id);
                    s.setString(2, companyId);
                    s.setString(3, environment.name());
                }, WebhookEndpoints::read);
    }

    /** Enabled endpoints of a company and environment subscribed to {@code type}. */
    public List<WebhookEndpoint> subscribedTo(String companyId, Environment environment, EventType type) {
        return sql.query("SELECT " + COLUMNS + """
                 FROM webhook_endpoint
                WHERE company_id = ? AND environment = ? AND enabled
                  AND (event_types IS NULL OR ? = ANY (event_types))
                ORDER BY id""", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                    s.setString(3, type.publicName());
                }, WebhookEndpoints::read);
    }

    public boolean delete(String companyId, Environment environment, String id) {
        return sql.update("DELETE FROM webhook_endpoint WHERE id = ? AND company_id = ? AND environment = ?", s -> {
            s.setString(1, id);
            s.setString(2, companyId);
            s.setString(3, environment.name());
        }) == 1;
    }

    /** The endpoint's secrets, locked until the transaction ends (a rotation reads and replaces them). */
    public Optional<SealedSecrets> secretsForUpdate(String id) {
        return sql.queryOne("SELECT secret, previous_secret, previous_secret_expires_at FROM webhook_endpoint"
                + " WHERE id = ? FOR UPDATE", s -> s.setString(1, id),
                row -> new SealedSecrets(row.getBytes("secret"), row.getBytes("previous_secret"),
                        Sql.getInstant(row, "previous_secret_expires_at")));
    }

    public void replaceSecret(String id, byte[] sealedCurrent, byte[] sealedPrevious, Instant previousExpiresAt,
            Instant now) {
        sql.update("""
                UPDATE webhook_endpoint SET secret = ?, previous_secret = ?, previous_secret_expires_at = ?, updated_at = ?
                 WHERE id = ?""", s -> {
                    s.setBytes(1, sealedCurrent);
                    s.setBytes(2, sealedPrevious);
                    Sql.setInstant(s, 3, previousExpiresAt);
                    Sql.setInstant(s, 4, now);
                    s.setString(5, id);
                });
    }

    /** Enables (clearing the reason and the failure streak) or disables with a reason. */
    public void setEnabled(String id, boolean enabled, String reason, Instant now) {
        sql.update("""
                UPDATE webhook_endpoint
                   SET enabled = ?, disabled_reason = ?, disabled_at = ?, updated_at = ?,
                       failing_since = CASE WHEN ? THEN NULL ELSE failing_since END
                 WHERE id = ?""", s -> {
                    s.setBoolean(1, enabled);
                    s.setString(2, enabled ? null : reason);
                    Sql.setInstant(s, 3, enabled ? null : now);
                    Sql.setInstant(s, 4, now);
                    s.setBoolean(5, enabled);
                    s.setString(6, id);
                });
    }

    /**
     * A delivery succeeded: the endpoint is no longer failing. True if it was (this success ends a run of
     * failures); of concurrent successes, only one sees that, since they update the same row in turn.
     */
    public boolean markHealthy(String id) {
        return sql.update("UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL",
                s -> s.setString(1, id)) == 1;
    }

    /** A delivery failed: starts the failure streak if none runs, and answers when the streak started. */
    public Optional<Instant> markFailing(String id, Instant now) {
        return sql.queryOne("""
                UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, ?)
                 WHERE id = ? RETURNING failing_since""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setString(2, id);
                }, row -> Sql.getInstant(row, "failing_since"));
    }

    private static WebhookEndpoint read(ResultSet row) throws SQLException {
        List<String> types = Sql.getTextArray(row, "event_types");
        return new WebhookEndpoint(
                row.getString("id"),
                row.getString("company_id"),
                Environment.valueOf(row.getString("environment")),
                row.getString("url"),
                row.getString("description"),
                types == null ? List.of() : types.stream().map(t -> EventType.ofPublicName(t).orElseThrow()).toList(),
                row.getBoolean("enabled"),
                row.getString("disabled_reason"),
                Sql.getInstant(row, "disabled_at"),
                Sql.getInstant(row, "failing_since"),
                Sql.getInstant(row, "previous_secret_expires_at"),
                Sql.getInstant(row, "created_at"),
                Sql.getInstant(row, "updated_at"));
    }
}
