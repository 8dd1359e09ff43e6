package dev.troco.gateway.ratelimit;

import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Rate limits shared by every gateway replica, kept in PostgreSQL with the generic cell rate
 * algorithm (GCRA): each bucket is one row holding a "theoretical arrival time"; a request is let
 * through when it would not push that time more than a window ahead of now. One upsert per check,
 * atomic under concurrency, with the database's clock as the single clock of all replicas.
 *
 * <p>Why PostgreSQL and not Redis: the gateway already depends on its database, a round trip on
 * loopback or within a zone costs a fraction of a millisecond, and there is no second stateful
 * system to run, secure and fail over. A limiter that fails open when the database is away would
 * let an outage become an overload, so a failure here answers 503 instead.
 */
@ApplicationScoped
public class RateLimiter {

    private static final String NOW_US = "(extract(epoch from clock_timestamp()) * 1000000)::bigint";
    private static final String CONSUME = "WITH now AS (SELECT " + NOW_US + " AS us) "
            + "INSERT INTO rate_limit_bucket AS b (bucket, tat_us) SELECT ?, now.us + ? FROM now WHERE ? <= ? "
            + "ON CONFLICT (bucket) DO UPDATE SET tat_us = GREATEST(b.tat_us, (SELECT us FROM now)) + ? "
            + "WHERE GREATEST(b.tat_us, (SELECT us FROM now)) + ? - (SELECT us FROM now) <= ? "
            + "RETURNING tat_us - (SELECT us FROM now)";
    private static final String AHEAD = "SELECT tat_us - " + NOW_US + " FROM rate_limit_bucket WHERE bucket = ?";

    private final DataSource dataSource;

    RateLimiter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A quota: {@code limit} requests per {@code windowSeconds}, the whole quota usable at once. */
    public record Quota(String name, int limit, int windowSeconds) {

        long intervalMicros() {
            return windowSeconds * 1_000_000L / limit;
        }

        long windowMicros() {
            return windowSeconds * 1_000_000L;
        }
    }

    /**
     * The outcome of one check: allowed or not, requests remaining in the window, seconds until the
     * quota is whole again, and (when refused) seconds until a retry can pass.
     */
    public record Decision(Quota quota, boolean allowed, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    /** Spends one request of {@code quota} in {@code bucket}, if the quota allows it. */
    public Decision consume(String bucket, Quota quota) {
        return consume(bucket, quota, 1);
    }

    /**
     * Spends {@code cost} requests of {@code quota} in {@code bucket} at once, if the quota allows all of them
     * (nothing is spent otherwise).
     */
    public Decision consume(String bucket, Quota quota, int cost) {
        long interval = quota.intervalMicros();
        long increment = interval * Math.max(1, cost);
        long window = quota.windowMicros();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement consume = connection.prepareStatement(CONSUME)) {
                consume.setString(1, bucket);
                consume.setLong(2, increment);
                consume.setLong(3, increment);
                consume.setLong(4, window);
                consume.setLong(5, increment);
                consume.setLong(6, increment);
                consume.setLong(7, window);
                try (ResultSet result = consume.executeQuery()) {
                    if (result.next()) {
                        long ahead = result.getLong(1);
                        int remaining = (int) Math.max(0, (window - ahead) / interval);
                        return new Decision(quota, true, remaining, ceilSeconds(ahead), 0);
                    }
                }
            }
            try (PreparedStatement ahead = connection.prepareStatement(AHEAD)) {
                ahead.setString(1, bucket);
                try (ResultSet result = ahead.executeQuery()) {
                    long aheadMicros = result.next() ? result.getLong(1) : window;
                    long retryAfter = Math.max(1, ceilSeconds(aheadMicros + increment - window));
                    return new Decision(quota, false, 0, ceilSeconds(aheadMicros), retryAfter);
                }
            }
        } catch (SQLException e) {
            throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "Rate limiting is unavailable; retry shortly");
        }
    }

    /**
     * Whether one more request of {@code quota} would pass in {@code bucket}, without spending it: a read, so that
     * a locked-out caller is refused before any costly work (a password hash) is done for it.
     */
    public Decision peek(String bucket, Quota quota) {
        long interval = quota.intervalMicros();
        long window = quota.windowMicros();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ahead = connection.prepareStatement(AHEAD)) {
            ahead.setString(1, bucket);
            try (ResultSet result = ahead.executeQuery()) {
                long aheadMicros = result.next() ? Math.max(0, result.getLong(1)) : 0;
                if (aheadMicros + interval <= window) {
                    return new Decision(quota, true, (int) Math.max(0, (window - aheadMicros) / interval),
                            ceilSeconds(aheadMicros), 0);
                }
                long retryAfter = Math.max(1, ceilSeconds(aheadMicros + interval - window));
                return new Decision(quota, false, 0, ceilSeconds(aheadMicros), retryAfter);
            }
        } catch (SQLException e) {
            throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "Rate limiting is unavailable; retry shortly");
        }
    }

    /** Forgets a bucket (an account's failures once it logged in). */
    public void reset(String bucket) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM rate_limit_bucket WHERE bucket = ?")) {
            delete.setString(1, bucket);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "Rate limiting is unavailable; retry shortly");
        }
    }

    private static long ceilSeconds(long micros) {
        return Math.max(0, (micros + 999_999) / 1_000_000);
    }
}
