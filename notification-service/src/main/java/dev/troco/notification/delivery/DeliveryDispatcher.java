package dev.troco.notification.delivery;

import dev.troco.kit.tx.AfterCommit;
import dev.troco.notification.config.NotificationSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends due webhooks. One thread claims due deliveries (locking them with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work without sending one twice, and
 * leasing them for the attempt), as many as {@link DeliveryCapacity} has slots for, and hands
 * each to a small pool. It looks again when woken (a new delivery committed, an attempt finished)
 * or every poll interval.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final long FAILURE_BACKOFF_MAX_MS = 30_000;
    private static final Object WAKE_REGISTERED = new Object();

    private final Deliveries deliveries;
    private final WebhookSender sender;
    private final DeliveryOutcomes outcomes;
    private final AfterCommit afterCommit;
    private final NotificationSettings.Delivery settings;
    private final Clock clock;
    private final DeliveryCapacity capacity;
    private final Semaphore doorbell = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService pool;
    private Thread thread;

    DeliveryDispatcher(Deliveries deliveries, WebhookSender sender, DeliveryOutcomes outcomes,
            AfterCommit afterCommit, NotificationSettings settings, Clock clock) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.outcomes = outcomes;
        this.afterCommit = afterCommit;
        this.settings = settings.delivery();
        this.clock = clock;
        this.capacity = new DeliveryCapacity(this.settings.poolSize(), this.settings.perEndpointConcurrencyMax());
        if (this.settings.leaseMs() <= this.settings.timeoutMs()) {
            throw new IllegalStateException("troco.notification.delivery.lease-ms must exceed timeout-ms");
        }
    }

    void start(@Observes StartupEvent event) {
        AtomicInteger workers = new AtomicInteger();
        pool = Executors.newFixedThreadPool(settings.poolSize(), r -> {
            Thread worker = new Thread(r, "troco-webhook-" + workers.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        running = true;
        thread = new Thread(this::run, "troco-webhook-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops claiming, and gives attempts in flight their timeout to finish; unfinished ones are retried after their lease. */
    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        try {
            if (thread != null) {
                thread.join(settings.pollIntervalMs() + 1_000);
            }
            if (pool != null) {
                pool.shutdown();
                pool.awaitTermination(settings.timeoutMs() + 1_000, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Looks for due deliveries now rather than at the next poll. */
    public void wake() {
        doorbell.release();
    }

    /** Wakes the dispatcher once the caller's transaction commits (what it inserted is then visible). */
    public void wakeAfterCommit() {
        afterCommit.runOnce(WAKE_REGISTERED, this::wake);
    }

    private void run() {
        long backoff = 0;
        while (running) {
            boolean more = false;
            try {
                more = dispatchDue();
                backoff = 0;
            } catch (RuntimeException e) {
                backoff = Math.min(Math.max(backoff * 2, settings.pollIntervalMs()), FAILURE_BACKOFF_MAX_MS);
                LOG.warnf("cannot claim due webhooks now (%s); trying again in %d ms", e.getMessage(), backoff);
            }
            if (!more) {
                pause(backoff > 0 ? backoff : settings.pollIntervalMs());
            }
        }
    }

    /** Claims what free slots can take and starts it; true when more may be due right now. */
    private boolean dispatchDue() {
        int free = capacity.free();
        if (free == 0) {
            return false;
        }
        int limit = Math.min(free, settings.claimBatchSizeMax());
        List<DueDelivery> reserved = new ArrayList<>();
        int seen;
        try {
            seen = QuarkusTransaction.requiringNew().call(() -> {
                List<DueDelivery> due = deliveries.lockDue(clock.instant(), limit, capacity.saturatedTargets());
                for (DueDelivery delivery : due) {
                    if (capacity.tryReserve(delivery.concurrencyKey())) {
                        reserved.add(delivery);
                    }
                }
                deliveries.lease(reserved.stream().map(DueDelivery::id).toList(),
                        clock.instant().plusMillis(settings.leaseMs()));
                return due.size();
            });
        } catch (RuntimeException e) {
            reserved.forEach(d -> capacity.release(d.concurrencyKey()));
            throw e;
        }
        for (DueDelivery delivery : reserved) {
            pool.execute(() -> attempt(delivery));
        }
        return seen == limit && capacity.free() > 0;
    }

    private void attempt(DueDelivery delivery) {
        try {
            outcomes.record(delivery, sender.send(delivery));
        } catch (RuntimeException e) {
            LOG.errorf(e, "attempt %d of delivery %s could not be completed; it is tried again when its lease ends",
                    delivery.attemptNumber(), delivery.id());
        } finally {
            capacity.release(delivery.concurrencyKey());
            wake();
        }
    }

    private void pause(long millis) {
        try {
            doorbell.tryAcquire(millis, TimeUnit.MILLISECONDS);
            doorbell.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
