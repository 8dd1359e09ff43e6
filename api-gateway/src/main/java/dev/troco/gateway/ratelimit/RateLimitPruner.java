package dev.troco.gateway.ratelimit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Deletes rate-limit buckets that are whole again (their theoretical arrival time is in the past, so a fresh row
 * would behave the same). Without it every address that ever failed to authenticate, and every key ever used,
 * would keep a row for ever: an attacker rotating through an IPv6 /64 could grow the table without bound.
 */
@ApplicationScoped
public class RateLimitPruner {

    private static final Logger LOG = Logger.getLogger(RateLimitPruner.class);
    private static final int BATCH_SIZE_MAX = 10_000;
    private static final String PRUNE = "DELETE FROM rate_limit_bucket WHERE bucket IN (SELECT bucket FROM "
            + "rate_limit_bucket WHERE tat_us < (extract(epoch from clock_timestamp()) * 1000000)::bigint LIMIT "
            + BATCH_SIZE_MAX + " FOR UPDATE SKIP LOCKED)";

    private final DataSource dataSource;

    RateLimitPruner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPrune() {
        prune();
    }

    /** Deletes whole buckets, a batch at a time; answers how many. */
    public int prune() {
        int total = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(PRUNE)) {
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == BATCH_SIZE_MAX);
        } catch (SQLException e) {
            LOG.warnf("rate-limit buckets not pruned this time: %s", e.getMessage());
        }
        return total;
    }
}
