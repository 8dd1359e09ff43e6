package dev.troco.notification.delivery;

import dev.troco.notification.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The {@code webhook_attempt} table: the delivery log, one row per attempt, never changed afterwards. */
@ApplicationScoped
public class DeliveryAttempts {

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
        sql.update("""
                INSERT INTO webhook_attempt (delivery_id, attempt_number, attempted_at, url, status_code, latency_ms,
                                             response_body, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", s -> {
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
        return sql.query("""
                SELECT delivery_id, attempt_number, attempted_at, url, status_code, latency_ms, response_body, error
                  FROM webhook_attempt WHERE delivery_id = ? ORDER BY attempt_number, id""",
                s -> s.setString(1, deliveryId),
                row -> new Attempt(row.getString("delivery_id"), row.getInt("attempt_number"),
                        Sql.getInstant(row, "attempted_at"), row.getString("url"), Sql.getInt(row, "status_code"),
                        row.getLong("latency_ms"), row.getString("response_body"), row.getString("error")));
    }
}
