package dev.troco.notification.retention;

import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.db.Sql;
import dev.troco.notification.email.EmailJobs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes events older than the retention (30 days: what the events API promises), with their
 * deliveries and attempts (foreign keys cascade), and finished e-mail jobs of the same age. In
 * batches, each in its own short transaction, oldest first, so a large backlog never holds long
 * locks; replicas running it at once only share the work. Charge snapshots stay: a charge can
 * still change after 30 days (a refund), and its next event needs them.
 */
@ApplicationScoped
public class EventPruner {

    private static final Logger LOG = Logger.getLogger(EventPruner.class);
    /** A run stops after this many batches; the next run goes on. Keeps one run bounded. */
    private static final int BATCHES_PER_RUN_MAX = 1000;

    private final Sql sql;
    private final EmailJobs emails;
    private final NotificationSettings.Retention settings;
    private final Clock clock;

    EventPruner(Sql sql, EmailJobs emails, NotificationSettings settings, Clock clock) {
        this.sql = sql;
        this.emails = emails;
        this.settings = settings.retention();
        this.clock = clock;
    }

    @Scheduled(identity = "event-pruner", every = "${troco.notification.retention.every}",
            delayed = "${troco.notification.retention.delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warnf("pruning old events failed (%s); the next run tries again", e.getMessage());
        }
    }

    /** Deletes everything older than the retention; answers how many events went. */
    public long prune() {
        Instant before = clock.instant().minus(settings.events());
        int batch = settings.batchSize();
        long events = 0;
        for (int i = 0; i < BATCHES_PER_RUN_MAX; i++) {
            int deleted = QuarkusTransaction.requiringNew().call(() -> sql.update("""
                    DELETE FROM event WHERE id IN (SELECT id FROM event WHERE occurred_at < ?
                     ORDER BY occurred_at LIMIT ? FOR UPDATE SKIP LOCKED)""", s -> {
                        Sql.setInstant(s, 1, before);
                        s.setInt(2, batch);
                    }));
            events += deleted;
            if (deleted < batch) {
                break;
            }
        }
        long mails = 0;
        for (int i = 0; i < BATCHES_PER_RUN_MAX; i++) {
            int deleted = QuarkusTransaction.requiringNew().call(() -> emails.pruneFinished(before, batch));
            mails += deleted;
            if (deleted < batch) {
                break;
            }
        }
        if (events > 0 || mails > 0) {
            LOG.infof("pruned %d events and %d finished e-mails older than %s", events, mails, before);
        }
        return events;
    }
}
