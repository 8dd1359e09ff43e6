package dev.troco.notification.event;

import dev.troco.notification.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code event} table: every event received, as merchants read it and webhooks send it. */
@ApplicationScoped
public class EventStore {

    static final String COLUMNS = """
            id, type, company_id, environment, aggregate_type, aggregate_id, aggregate_version,
            occurred_at, received_at, data""";
    private static final String INSERT = "INSERT INTO event (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json) ON CONFLICT (id) DO NOTHING";

    private final Sql sql;

    EventStore(Sql sql) {
        this.sql = sql;
    }

    /** False if an event with this id is already stored (nothing is changed then). */
    public boolean insert(StoredEvent event) {
        return sql.update(INSERT, s -> {
            s.setObject(1, event.id());
            s.setString(2, event.type().publicName());
            s.setString(3, event.companyId());
            s.setString(4, event.environment().name());
            s.setString(5, event.aggregateType());
            s.setString(6, event.aggregateId());
            s.setLong(7, event.aggregateVersion());
            Sql.setInstant(s, 8, event.occurredAt());
            Sql.setInstant(s, 9, event.receivedAt());
            s.setString(10, event.data());
        }) == 1;
    }

    public Optional<StoredEvent> find(UUID id) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM event WHERE id = ?", s -> s.setObject(1, id),
                EventStore::read);
    }

    /** An event of this company and environment, or empty (also when it is another company's). */
    public Optional<StoredEvent> find(String companyId, Environment environment, UUID id) {
        return find(id).filter(e -> e.companyId().equals(companyId) && e.environment() == environment);
    }

    /** One page of {@code query}, plus one more event if there is one (the caller tells {@code hasMore} by it). */
    public List<StoredEvent> listPagePlusOne(EventQuery query) {
        StringBuilder where = new StringBuilder(
                " WHERE e.company_id = ? AND e.environment = ? AND e.occurred_at >= ? AND e.occurred_at < ?");
        query.type().ifPresent(t -> where.append(" AND e.type = ?"));
        query.after().ifPresent(a -> where.append(" AND (e.occurred_at, e.id) < (?, ?)"));
        if (query.undeliveredOnly()) {
            where.append(" AND EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id AND d.status <> 'DELIVERED')");
        }
        String select = "SELECT " + COLUMNS + " FROM event e" + where
                + " ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?";
        return sql.query(select, s -> {
            int i = 0;
            s.setString(++i, query.companyId());
            s.setString(++i, query.environment().name());
            Sql.setInstant(s, ++i, query.from());
            Sql.setInstant(s, ++i, query.to());
            if (query.type().isPresent()) {
                s.setString(++i, query.type().get().publicName());
            }
            if (query.after().isPresent()) {
                Sql.setInstant(s, ++i, query.after().get().occurredAt());
                s.setObject(++i, query.after().get().id());
            }
            s.setInt(++i, query.limit() + 1);
        }, EventStore::read);
    }

    static StoredEvent read(ResultSet row) throws SQLException {
        String type = row.getString("type");
        return new StoredEvent(
                row.getObject("id", UUID.class),
                EventType.ofPublicName(type).orElseThrow(
                        () -> new IllegalStateException("unknown stored event type " + type)),
                row.getString("company_id"),
                Environment.valueOf(row.getString("environment")),
                row.getString("aggregate_type"),
                row.getString("aggregate_id"),
                row.getLong("aggregate_version"),
                Sql.getInstant(row, "occurred_at"),
                Sql.getInstant(row, "received_at"),
                row.getString("data"));
    }
}
