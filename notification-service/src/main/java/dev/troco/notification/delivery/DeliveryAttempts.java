package dev.troco.notification.delivery;

import dev.troco.notification.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The delivery logs, one row per attempt, never changed afterwards: {@code webhook_attempt} for webhook
 * deliveries and {@code ipn_attempt} for IPNs, two tables of the same columns (each keeps its own foreign key).
 */
@ApplicationScoped
public class DeliveryAttempts {

    /** Which log. */
    public enum Log {
        WEBHOOK("webhook_attempt"),
        IPN("ipn_attempt");

        private final String table;

        Log(String table) {
            this.table = table;
        }
    }

    /** Errors are cut to this length: they are logged and shown, not archived. */
    private static final int ERROR_LENGTH_MAX = 1000;

    /** One attempt as the delivery log shows it. */
    public record Attempt(String deliveryId, int attemptNumber, Instant attemptedAt, String url, Integer statusCode,
            long latencyMs, String responseBody, String error) {
    }

    private final Sql sql;

    DeliveryAttempts(Sql sql) {
        this.sql = sql;
    }

    public void insert(Attempt attempt) {
        insert(Log.WEBHOOK, attempt);
    }

    public void insert(Log log, Attempt attempt) {
        sql.update("""
                INSERT INTO %s (delivery_id, attempt_number, attempted_at, url, status_code, latency_ms,
                                response_body, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""".formatted(log.table), s -> {
                    s.setString(1, attempt.deliveryId());
                    s.setInt(2, attempt.attemptNumber());
                    Sql.setInstant(s, 3, attempt.attemptedAt());
                    s.setString(4, attempt.url());
                    if (attempt.statusCode() == null) {
                        s.setNull(5, java.sql.Types.INTEGER);
                    } else {
                        s.setInt(5, attempt.statusCode());
                    }
                    s.setLong(6, attempt.latencyMs());
                    s.setString(7, attempt.responseBody());
                    String error = attempt.error();
                    s.setString(8, error == null || error.length() <= ERROR_LENGTH_MAX ? error
                            : error.substring(0, ERROR_LENGTH_MAX));
                });
    }

    public List<Attempt> ofDelivery(String deliveryId) {
        return ofDelivery(Log.WEBHOOK, deliveryId);
    }

    public List<Attempt> ofDelivery(Log log, String deliveryId) {
        return sql.query("""
                SELECT delivery_id, attempt_number, attempted_at, url, status_code, latency_ms, response_body, error
                  FROM %s WHERE delivery_id = ? ORDER BY attempt_number, id""".formatted(log.table),
                s -> s.setString(1, deliveryId),
                row -> new Attempt(row.getString("delivery_id"), row.getInt("attempt_number"),
                        Sql.getInstant(row, "attempted_at"), row.getString("url"), Sql.getInt(row, "status_code"),
                        row.getLong("latency_ms"), row.getString("response_body"), row.getString("error")));
    }
}
