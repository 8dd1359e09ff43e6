package dev.troco.charge.service;

import dev.troco.charge.domain.Charge;
import dev.troco.charge.domain.ChargeStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Expires charges whose {@code expireDate} passed unpaid. Each charge changes in its own
 * transaction under a row lock, so a payment racing the expiry wins or loses cleanly, and any
 * replica may run the job at the same time as another.
 */
@ApplicationScoped
public class ChargeExpiry {

    private static final Logger LOG = Logger.getLogger(ChargeExpiry.class);
    /** Charges expired per run at most; the next run takes the rest. */
    static final int BATCH_SIZE_MAX = 500;

    private final ChargeCommandHandler handler;
    private final Clock clock;

    ChargeExpiry(ChargeCommandHandler handler, Clock clock) {
        this.handler = handler;
        this.clock = clock;
    }

    @Scheduled(every = "${troco.charge.expiry-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireDue() {
        Instant now = clock.instant();
        List<String> due = QuarkusTransaction.requiringNew().call(() -> Charge.<Charge>find(
                        "status = ?1 and expiresAt < ?2 order by expiresAt", ChargeStatus.CREATED, now)
                .page(0, BATCH_SIZE_MAX).list().stream().map(c -> c.id).toList());
        for (String id : due) {
            QuarkusTransaction.requiringNew().run(() -> {
                Charge charge = Charge.findById(id, LockModeType.PESSIMISTIC_WRITE);
                if (charge != null && charge.status == ChargeStatus.CREATED && charge.expiresAt.isBefore(now)) {
                    handler.expire(charge, now, null);
                }
            });
        }
        if (!due.isEmpty()) {
            LOG.infof("expired %d unpaid charges", due.size());
        }
    }
}
