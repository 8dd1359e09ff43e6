package dev.troco.gateway.idempotency;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes expired Idempotency-Key records every hour (any replica may; the delete is idempotent). */
@ApplicationScoped
public class IdempotencyPruner {

    private static final Logger LOG = Logger.getLogger(IdempotencyPruner.class);

    private final IdempotencyStore store;

    IdempotencyPruner(IdempotencyStore store) {
        this.store = store;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        int deleted = store.prune();
        if (deleted > 0) {
            LOG.infof("forgot %d expired idempotency keys", deleted);
        }
    }
}
