package dev.troco.notification.ipn;

import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code ipn_delivery} table as the IPNs API reads it, and the one change it makes (a redrive). */
@ApplicationScoped
public class IpnDeliveries {

    private static final String COLUMNS = """
            d.id, d.charge_id, c.identifier, d.type, d.environment, c.ipn_url, d.status, d.attempts, d.next_attempt_at,
            d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at, d.leased_until, d.data""";

    /** One IPN as the API shows it; {@code leasedUntil} is set while an attempt is in flight. */
    public record IpnState(String id, String chargeId, String identifier, String type, Environment environment,
            String ipnUrl, String status, int attempts, Instant nextAttemptAt, Instant lastAttemptAt,
            Integer lastStatusCode, String lastError, Instant deliveredAt, Instant createdAt, Instant leasedUntil,
            String data) {

        public boolean inFlight(Instant now) {
            return leasedUntil != null && leasedUntil.isAfter(now);
        }
    }

    /**
     * A page of a company's IPNs in one environment, newest first.
     *
     * @param status only IPNs in this state, if present
     * @param undeliveredOnly only IPNs not delivered (pending or given up)
     * @param after the last IPN of the previous page, if any
     */
    public record Query(String companyId, Environment environment, Optional<String> status, boolean undeliveredOnly,
            Optional<String> identifier, Optional<String> chargeId, Optional<IpnState> after, int limit) {
    }

    private final Sql sql;

    IpnDeliveries(Sql sql) {
        this.sql = sql;
    }

    /** Up to {@code limit + 1} IPNs, so the caller knows whether there are more. */
    public List<IpnState> listPagePlusOne(Query query) {
        StringBuilder where = new StringBuilder(" WHERE d.company_id = ? AND d.environment = ?");
        query.status().ifPresent(s -> where.append(" AND d.status = ?"));
        if (query.undeliveredOnly()) {
            where.append(" AND d.status <> 'DELIVERED'");
        }
        query.identifier().ifPresent(i -> where.append(" AND c.identifier = ?"));
        query.chargeId().ifPresent(i -> where.append(" AND d.charge_id = ?"));
        query.after().ifPresent(a -> where.append(" AND (d.created_at, d.id) < (?, ?)"));
        String select = "SELECT " + COLUMNS + " FROM ipn_delivery d JOIN ipn_checkout c ON c.charge_id = d.charge_id"
                + where + " ORDER BY d.created_at DESC, d.id DESC LIMIT ?";
        return sql.query(select, s -> {
            int i = 0;
            s.setString(++i, query.companyId());
            s.setString(++i, query.environment().name());
            if (query.status().isPresent()) {
                s.setString(++i, query.status().get());
            }
            if (query.identifier().isPresent()) {
                s.setString(++i, query.identifier().get());
            }
            if (query.chargeId().isPresent()) {
                s.setString(++i, query.chargeId().get());
            }
            if (query.after().isPresent()) {
                Sql.setInstant(s, ++i, query.after().get().createdAt());
                s.setString(++i, query.after().get().id());
            }
            s.setInt(++i, query.limit() + 1);
        }, IpnDeliveries::read);
    }

    public Optional<IpnState> find(String companyId, Environment environment, String ipnId) {
        return sql.queryOne("SELECT " + COLUMNS + """
                 FROM ipn_delivery d JOIN ipn_checkout c ON c.charge_id = d.charge_id
                WHERE d.id = ? AND d.company_id = ? AND d.environment = ?""", s -> {
                    s.setString(1, ipnId);
                    s.setString(2, companyId);
                    s.setString(3, environment.name());
                }, IpnDeliveries::read);
    }

    /**
     * The IPN, locked until the transaction ends: a redrive and the dispatcher's recording of an attempt
     * take turns on it, and the dispatcher's claim skips it meanwhile.
     */
    public Optional<IpnState> lock(String companyId, Environment environment, String ipnId) {
        return sql.queryOne("SELECT " + COLUMNS + """
                 FROM ipn_delivery d JOIN ipn_checkout c ON c.charge_id = d.charge_id
                WHERE d.id = ? AND d.company_id = ? AND d.environment = ?
                  FOR UPDATE OF d""", s -> {
                    s.setString(1, ipnId);
                    s.setString(2, companyId);
                    s.setString(3, environment.name());
                }, IpnDeliveries::read);
    }

    /** Due now, at the start of the retry schedule; the same row, so the same id and body. */
    public void redrive(String ipnId, Instant now) {
        sql.update("""
                UPDATE ipn_delivery SET status = 'PENDING', failures_in_row = 0, next_attempt_at = ?, leased_until = NULL
                 WHERE id = ?""", s -> {
                    Sql.setInstant(s, 1, now);
                    s.setString(2, ipnId);
                });
    }

    private static IpnState read(ResultSet row) throws SQLException {
        return new IpnState(row.getString("id"), row.getString("charge_id"), row.getString("identifier"),
                row.getString("type"), Environment.valueOf(row.getString("environment")), row.getString("ipn_url"),
                row.getString("status"), row.getInt("attempts"), Sql.getInstant(row, "next_attempt_at"),
                Sql.getInstant(row, "last_attempt_at"), Sql.getInt(row, "last_status_code"),
                row.getString("last_error"), Sql.getInstant(row, "delivered_at"), Sql.getInstant(row, "created_at"),
                Sql.getInstant(row, "leased_until"), row.getString("data"));
    }
}
