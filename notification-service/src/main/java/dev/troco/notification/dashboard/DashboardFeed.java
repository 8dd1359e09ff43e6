package dev.troco.notification.dashboard;

import dev.troco.kit.id.Ids;
import dev.troco.kit.problem.ApiException;
import dev.troco.notification.db.Sql;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code dashboard_notification} table: each dashboard user's feed within one company. A new
 * entry is announced with {@code NOTIFY troco_dashboard} in the transaction that inserts it, so
 * every replica's live streams hear of it when, and only if, it commits.
 */
@ApplicationScoped
public class DashboardFeed {

    /** The PostgreSQL channel new feed entries are announced on; the payload is the entry's id. */
    public static final String CHANNEL = "troco_dashboard";
    public static final int PAGE_LIMIT_MAX = 100;
    public static final int PAGE_LIMIT_DEFAULT = 20;

    private static final String COLUMNS =
            "id, company_id, environment, user_id, event_id, event_type, title, body, created_at, read_at";

    /** A page of the feed, newest first. */
    public record Page(List<DashboardNotification> entries, boolean hasMore) {
    }

    private final Sql sql;
    private final Clock clock;

    DashboardFeed(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Adds an entry in the caller's transaction unless the user has one for this event already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String companyId, Environment environment, String userId, UUID eventId, String eventType,
            String title, String body) {
        String id = Ids.next(DashboardNotification.ID_PREFIX);
        int inserted = sql.update("INSERT INTO dashboard_notification (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (user_id, company_id, event_id) DO NOTHING", s -> {
                    s.setString(1, id);
                    s.setString(2, companyId);
                    s.setString(3, environment.name());
                    s.setString(4, userId);
                    s.setObject(5, eventId);
                    s.setString(6, eventType);
                    s.setString(7, title);
                    s.setString(8, body);
                    Sql.setInstant(s, 9, clock.instant());
                });
        if (inserted == 1) {
            sql.query("SELECT pg_notify(?, ?)", s -> {
                s.setString(1, CHANNEL);
                s.setString(2, id);
            }, row -> null);
        }
    }

    @Transactional
    public Page list(String companyId, String userId, Integer limit, String startingAfter) {
        int size = pageSize(limit);
        List<DashboardNotification> rows = sql.query("SELECT " + COLUMNS + " FROM dashboard_notification"
                + " WHERE company_id = ? AND user_id = ?" + (startingAfter == null ? "" : " AND id < ?")
                + " ORDER BY id DESC LIMIT ?", s -> {
                    int i = 0;
                    s.setString(++i, companyId);
                    s.setString(++i, userId);
                    if (startingAfter != null) {
                        s.setString(++i, requireId(startingAfter, "startingAfter"));
                    }
                    s.setInt(++i, size + 1);
                }, DashboardFeed::read);
        boolean more = rows.size() > size;
        return new Page(more ? rows.subList(0, size) : rows, more);
    }

    @Transactional
    public long unreadCount(String companyId, String userId) {
        return sql.queryOne("SELECT count(*) FROM dashboard_notification"
                + " WHERE company_id = ? AND user_id = ? AND read_at IS NULL", s -> {
                    s.setString(1, companyId);
                    s.setString(2, userId);
                }, row -> row.getLong(1)).orElse(0L);
    }

    /** Marks one entry read (once: a second call keeps the first time); 404 if it is not this user's. */
    @Transactional
    public DashboardNotification markRead(String companyId, String userId, String id) {
        requireId(id, "id");
        sql.update("UPDATE dashboard_notification SET read_at = ? WHERE id = ? AND company_id = ? AND user_id = ?"
                + " AND read_at IS NULL", s -> {
                    Sql.setInstant(s, 1, clock.instant());
                    s.setString(2, id);
                    s.setString(3, companyId);
                    s.setString(4, userId);
                });
        return find(id).filter(n -> n.companyId().equals(companyId) && n.userId().equals(userId))
                .orElseThrow(() -> ApiException.notFound("Notification " + id));
    }

    /** Marks every unread entry read; answers how many. */
    @Transactional
    public int markAllRead(String companyId, String userId) {
        return sql.update("UPDATE dashboard_notification SET read_at = ? WHERE company_id = ? AND user_id = ?"
                + " AND read_at IS NULL", s -> {
                    Sql.setInstant(s, 1, clock.instant());
                    s.setString(2, companyId);
                    s.setString(3, userId);
                });
    }

    @Transactional
    public Optional<DashboardNotification> find(String id) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM dashboard_notification WHERE id = ?",
                s -> s.setString(1, id), DashboardFeed::read);
    }

    /** Entries newer than {@code afterId}, oldest first: what a reconnecting stream missed. */
    @Transactional
    public List<DashboardNotification> newerThan(String companyId, String userId, String afterId, int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM dashboard_notification"
                + " WHERE company_id = ? AND user_id = ? AND id > ? ORDER BY id LIMIT ?", s -> {
                    s.setString(1, companyId);
                    s.setString(2, userId);
                    s.setString(3, afterId);
                    s.setInt(4, limit);
                }, DashboardFeed::read);
    }

    private static int pageSize(Integer limit) {
        if (limit == null) {
            return PAGE_LIMIT_DEFAULT;
        }
        if (limit < 1 || limit > PAGE_LIMIT_MAX) {
            throw ApiException.invalidField("limit", "out_of_range", "must be between 1 and " + PAGE_LIMIT_MAX);
        }
        return limit;
    }

    private static String requireId(String id, String field) {
        if (!Ids.isValid(DashboardNotification.ID_PREFIX, id)) {
            if ("id".equals(field)) {
                throw ApiException.notFound("Notification " + id);
            }
            throw ApiException.invalidField(field, "invalid_id", "is not a notification id (ntf_...)");
        }
        return id;
    }

    static DashboardNotification read(ResultSet row) throws SQLException {
        return new DashboardNotification(row.getString("id"), row.getString("company_id"),
                Environment.valueOf(row.getString("environment")), row.getString("user_id"),
                row.getObject("event_id", UUID.class), row.getString("event_type"), row.getString("title"),
                row.getString("body"), Sql.getInstant(row, "created_at"), Sql.getInstant(row, "read_at"));
    }
}
