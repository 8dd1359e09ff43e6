package dev.troco.notification.delivery;

import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import dev.troco.notification.event.EventType;
import dev.troco.notification.event.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The {@code webhook_delivery} table: one row per event and target, with where its attempts stand. */
@ApplicationScoped
public class Deliveries {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";

    private static final String INSERT = """
            INSERT INTO webhook_delivery (id, event_id, endpoint_id, callback_url, concurrency_key, message_id, status,
                                          attempt_count, failures_in_row, next_attempt_at, created_at, company_id,
                                          environment)
            VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, 0, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    /**
     * Due deliveries of one environment whose company and target are not already at their concurrency
     * limit, locked; rows another replica is claiming right now are skipped, not waited for. Companies
     * take turns: each company's oldest due delivery comes before any company's second, so one company
     * with thousands due does not push another's first one back.
     *
     * <p>The cost does not grow with the backlog: {@code targets} walks the distinct (company, target)
     * pairs with pending deliveries on the {@code webhook_delivery_due_per_target} index (one index probe
     * each), skipping saturated, disabled and, before any row is read, saturated companies;
     * {@code candidates} takes each pair's oldest {@code limit} due deliveries from the same index; the
     * turns are counted among those only (a company's first {@code limit} turns are all among its
     * targets' first {@code limit} deliveries). PostgreSQL refuses FOR UPDATE next to a window function,
     * so the rows are locked outside, where the due condition and the endpoint's state are checked again
     * on the row as it is when locked; they are looked up by id ({@code = ANY}), so the planner reads the
     * few candidates by primary key instead of scanning every due row. With 20,000 due on a busy 2-core
     * machine: 7-45 ms a claim, where numbering every due row took 340-640 ms.
     */
    private static final String LOCK_DUE = """
            WITH RECURSIVE targets AS (
                (SELECT company_id, concurrency_key FROM webhook_delivery
                  WHERE status = 'PENDING' AND environment = ?
                  ORDER BY company_id, concurrency_key LIMIT 1)
                UNION ALL
                SELECT n.company_id, n.concurrency_key
                  FROM targets t
                 CROSS JOIN LATERAL (
                       SELECT d.company_id, d.concurrency_key FROM webhook_delivery d
                        WHERE d.status = 'PENDING' AND d.environment = ?
                          AND (d.company_id, d.concurrency_key) > (t.company_id, t.concurrency_key)
                        ORDER BY d.company_id, d.concurrency_key LIMIT 1) n),
            candidates AS (
                SELECT x.id, x.company_id, x.next_attempt_at
                  FROM targets t
                 CROSS JOIN LATERAL (
                       SELECT d.id, d.company_id, d.next_attempt_at FROM webhook_delivery d
                        WHERE d.status = 'PENDING' AND d.environment = ? AND d.company_id = t.company_id
                          AND d.concurrency_key = t.concurrency_key AND d.next_attempt_at <= ?
                        ORDER BY d.next_attempt_at, d.id LIMIT ?) x
                 WHERE t.concurrency_key <> ALL (?) AND t.company_id <> ALL (?)
                   AND t.concurrency_key NOT IN (SELECT 'endpoint:' || w.id FROM webhook_endpoint w
                                                  WHERE NOT w.enabled AND w.environment = ?)),
            turns AS (
                SELECT c.id, c.next_attempt_at,
                       row_number() OVER (PARTITION BY c.company_id ORDER BY c.next_attempt_at, c.id) AS turn
                  FROM candidates c)
            SELECT d.id, d.endpoint_id, COALESCE(w.url, d.callback_url) AS url, d.concurrency_key, d.message_id,
                   d.attempt_count, d.failures_in_row, d.forwarded_from,
                   COALESCE(w.secret, c.secret) AS sealed_secret,
                   CASE WHEN w.previous_secret_expires_at > ? THEN w.previous_secret END AS sealed_previous_secret,
                   e.id AS e_id, e.type AS e_type, e.company_id AS e_company_id, e.environment AS e_environment,
                   e.aggregate_type AS e_aggregate_type, e.aggregate_id AS e_aggregate_id,
                   e.aggregate_version AS e_aggregate_version, e.occurred_at AS e_occurred_at,
                   e.received_at AS e_received_at, e.data AS e_data
              FROM turns t
              JOIN webhook_delivery d ON d.id = t.id
              JOIN event e ON e.id = d.event_id
              LEFT JOIN webhook_endpoint w ON w.id = d.endpoint_id
              LEFT JOIN callback_secret c
                     ON d.endpoint_id IS NULL AND c.company_id = e.company_id AND c.environment = e.environment
             WHERE d.id = ANY (ARRAY(SELECT id FROM candidates))
               AND d.status = 'PENDING' AND d.next_attempt_at <= ? AND (d.endpoint_id IS NULL OR w.enabled)
             ORDER BY t.turn, t.next_attempt_at, d.id
             LIMIT ?
               FOR UPDATE OF d SKIP LOCKED""";

    private final Sql sql;

    Deliveries(Sql sql) {
        this.sql = sql;
    }

    public void insertForEndpoint(String id, StoredEvent event, String endpointId, Instant now) {
        sql.update(INSERT, s -> {
            s.setString(1, id);
            s.setObject(2, event.id());
            s.setString(3, endpointId);
            s.setString(4, null);
            s.setString(5, "endpoint:" + endpointId);
            s.setString(6, event.publicId());
            Sql.setInstant(s, 7, now);
            Sql.setInstant(s, 8, now);
            s.setString(9, event.companyId());
            s.setString(10, event.environment().name());
        });
    }

    /** {@code concurrencyKey} groups the deliveries to one callback host, which share its concurrency limit. */
    public void insertForCallback(String id, StoredEvent event, String callbackUrl, String concurrencyKey, Instant now) {
        sql.update(INSERT, s -> {
            s.setString(1, id);
            s.setObject(2, event.id());
            s.setString(3, null);
            s.setString(4, callbackUrl);
            s.setString(5, concurrencyKey);
            s.setString(6, event.publicId());
            Sql.setInstant(s, 7, now);
            Sql.setInstant(s, 8, now);
            s.setString(9, event.companyId());
            s.setString(10, event.environment().name());
        });
    }

    /**
     * Locks up to {@code limit} due deliveries of {@code environment}, in turns across companies, none
     * of a company in {@code saturatedCompanies} nor of a concurrency key in {@code saturatedKeys}.
     */
    public List<DueDelivery> lockDue(Environment environment, Instant now, int limit,
            Collection<String> saturatedCompanies, Collection<String> saturatedKeys) {
        return sql.query(LOCK_DUE, s -> {
            s.setString(1, environment.name());
            s.setString(2, environment.name());
            s.setString(3, environment.name());
            Sql.setInstant(s, 4, now);
            s.setInt(5, limit);
            Sql.setTextArray(s, 6, saturatedKeys);
            Sql.setTextArray(s, 7, saturatedCompanies);
            s.setString(8, environment.name());
            Sql.setInstant(s, 9, now);
            Sql.setInstant(s, 10, now);
            s.setInt(11, limit);
        }, Deliveries::readDue);
    }

    /**
     * Reserves claimed deliveries until {@code until}: a replica dying mid-attempt leaves them to be retried then.
     * {@code leased_until} marks them in flight until their outcome is recorded, so {@link #bringForward} leaves them.
     */
    public void lease(Collection<String> ids, Instant until) {
        if (ids.isEmpty()) {
            return;
        }
        sql.update("UPDATE webhook_delivery SET next_attempt_at = ?, leased_until = ? WHERE id = ANY (?)", s -> {
            Sql.setInstant(s, 1, until);
            Sql.setInstant(s, 2, until);
            Sql.setTextArray(s, 3, ids);
        });
    }

    /**
     * An endpoint answered 2xx again after failing: every delivery to it that waits for a retry is due
     * {@code now}, unless it is in flight (leased) or was already brought forward at its current step of the
     * schedule (an event the receiver refuses on its own gets one extra attempt per step, no more). Each keeps
     * the time it was due in {@code forwarded_from}, where it goes back if the extra attempt fails. The lanes
     * then claim them as any due delivery: in turns across companies, within each company's and endpoint's
     * concurrency share. Answers how many were brought forward.
     */
    public int bringForward(String endpointId, Instant now) {
        // SKIP LOCKED: this runs in the transaction that holds the endpoint's row (markHealthy), and a delivery
        // claimed and answered meanwhile is locked by the transaction recording it, which waits for that endpoint
        // row: waiting for it here was a deadlock (seen in the bench's receiver outage: PostgreSQL aborted the
        // recording of a delivered webhook, sent again when its lease ended). A row locked by someone else is
        // being claimed, recorded or redelivered right now: it needs no bringing forward.
        return sql.update("""
                UPDATE webhook_delivery
                   SET forwarded_from = next_attempt_at, forwarded_at_failures = failures_in_row, next_attempt_at = ?
                 WHERE id IN (SELECT id FROM webhook_delivery
                               WHERE endpoint_id = ? AND status = 'PENDING' AND failures_in_row > 0
                                 AND next_attempt_at > ? AND leased_until IS NULL
                                 AND forwarded_at_failures IS DISTINCT FROM failures_in_row
                                 FOR UPDATE SKIP LOCKED)""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setString(2, endpointId);
                    Sql.setInstant(s, 3, now);
                });
    }

    /** False if the delivery no longer exists (its endpoint was deleted meanwhile). */
    public boolean markDelivered(String id, int attemptNumber, int statusCode, Instant at) {
        return sql.update("""
                UPDATE webhook_delivery
                   SET status = 'DELIVERED', attempt_count = ?, failures_in_row = 0, next_attempt_at = NULL,
                       last_attempt_at = ?, last_status_code = ?, delivered_at = ?, leased_until = NULL,
                       forwarded_from = NULL
                 WHERE id = ?""", s -> {
                    s.setInt(1, attemptNumber);
                    Sql.setInstant(s, 2, at);
                    s.setInt(3, statusCode);
                    Sql.setInstant(s, 4, at);
                    s.setString(5, id);
                }) == 1;
    }

    /**
     * Records a failed attempt: due again at {@code nextAttemptAt}, or given up ({@code FAILED}) when
     * that is null. False if the delivery no longer exists.
     */
    public boolean markFailed(String id, int attemptNumber, int failuresInRow, Integer statusCode, Instant at,
            Instant nextAttemptAt) {
        return sql.update("""
                UPDATE webhook_delivery
                   SET status = ?, attempt_count = ?, failures_in_row = ?, next_attempt_at = ?,
                       last_attempt_at = ?, last_status_code = ?, leased_until = NULL, forwarded_from = NULL
                 WHERE id = ?""", s -> {
                    s.setString(1, nextAttemptAt == null ? FAILED : PENDING);
                    s.setInt(2, attemptNumber);
                    s.setInt(3, failuresInRow);
                    Sql.setInstant(s, 4, nextAttemptAt);
                    Sql.setInstant(s, 5, at);
                    if (statusCode == null) {
                        s.setNull(6, java.sql.Types.INTEGER);
                    } else {
                        s.setInt(6, statusCode);
                    }
                    s.setString(7, id);
                }) == 1;
    }

    /**
     * Schedules an event's deliveries again, now, with a fresh retry schedule (delivered ones too: a
     * merchant asking for a redelivery wants the event again). Same {@code webhook-id}, so a receiver
     * that did get it can tell. Answers how many were scheduled.
     */
    public int redeliverEvent(UUID eventId, Instant now) {
        return sql.update("""
                UPDATE webhook_delivery SET status = 'PENDING', failures_in_row = 0, next_attempt_at = ?,
                       forwarded_from = NULL, forwarded_at_failures = NULL
                 WHERE event_id = ?""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setObject(2, eventId);
                });
    }

    /**
     * Schedules again, now, every delivery of a company and environment that was given up
     * ({@code FAILED}) and whose event occurred since {@code since}. Answers how many.
     */
    public int recoverFailed(String companyId, String environment, Instant since, Instant now) {
        return sql.update("""
                UPDATE webhook_delivery d SET status = 'PENDING', failures_in_row = 0, next_attempt_at = ?,
                       forwarded_from = NULL, forwarded_at_failures = NULL
                  FROM event e
                 WHERE e.id = d.event_id AND e.company_id = ? AND e.environment = ? AND e.occurred_at >= ?
                   AND d.status = 'FAILED'""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setString(2, companyId);
                    s.setString(3, environment);
                    Sql.setInstant(s, 4, since);
                });
    }

    /** One delivery's state as the delivery log shows it. */
    public record DeliveryState(String id, String endpointId, String callbackUrl, String messageId, String status,
            int attemptCount, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatusCode,
            Instant deliveredAt, Instant createdAt) {
    }

    public List<DeliveryState> ofEvent(UUID eventId) {
        return sql.query("""
                SELECT id, endpoint_id, callback_url, message_id, status, attempt_count, next_attempt_at,
                       last_attempt_at, last_status_code, delivered_at, created_at
                  FROM webhook_delivery WHERE event_id = ? ORDER BY id""", s -> s.setObject(1, eventId),
                row -> new DeliveryState(row.getString("id"), row.getString("endpoint_id"),
                        row.getString("callback_url"), row.getString("message_id"), row.getString("status"),
                        row.getInt("attempt_count"), Sql.getInstant(row, "next_attempt_at"),
                        Sql.getInstant(row, "last_attempt_at"), Sql.getInt(row, "last_status_code"),
                        Sql.getInstant(row, "delivered_at"), Sql.getInstant(row, "created_at")));
    }

    private static DueDelivery readDue(ResultSet row) throws SQLException {
        StoredEvent event = new StoredEvent(
                row.getObject("e_id", UUID.class),
                EventType.ofPublicName(row.getString("e_type")).orElseThrow(),
                row.getString("e_company_id"),
                Environment.valueOf(row.getString("e_environment")),
                row.getString("e_aggregate_type"),
                row.getString("e_aggregate_id"),
                row.getLong("e_aggregate_version"),
                Sql.getInstant(row, "e_occurred_at"),
                Sql.getInstant(row, "e_received_at"),
                row.getString("e_data"));
        return new DueDelivery(row.getString("id"), row.getString("endpoint_id"), row.getString("url"),
                row.getString("concurrency_key"), row.getString("message_id"), row.getInt("attempt_count"),
                row.getInt("failures_in_row"), Sql.getInstant(row, "forwarded_from"), row.getBytes("sealed_secret"), row.getBytes("sealed_previous_secret"),
                event);
    }
}
