package dev.troco.notification.delivery;

import dev.troco.notification.event.Environment;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One environment's share of a kind of delivery (webhooks, or IPNs): its own claiming thread, its own
 * pool of attempt threads and its own {@link DeliveryCapacity}. Production and sandbox each have a
 * lane, so a sandbox flood (anyone with a sandbox key can make one) never takes a production
 * thread, and within a lane no company or target holds more than its share.
 *
 * <p>The claiming thread asks {@link Claimer} for as many due items as the lane has free slots; the
 * claimer locks them ({@code FOR UPDATE SKIP LOCKED}), takes a slot for each it can
 * ({@link DeliveryCapacity#tryReserve}) and leases only those. Each runs on the pool and gives its
 * slot back when done, which wakes the lane.
 *
 * @param <T> a claimed item
 */
public final class DeliveryLane<T> {

    private static final Logger LOG = Logger.getLogger(DeliveryLane.class);
    private static final long FAILURE_BACKOFF_MAX_MS = 30_000;

    /** What one claim came to: the items reserved and leased, and how many due rows it looked at. */
    public record Claimed<T>(List<T> reserved, int seen) {
    }

    /** Locks, reserves and leases due items of this lane's environment. */
    @FunctionalInterface
    public interface Claimer<T> {
        /**
         * @param limit due items to look at, at most
         * @param capacity where to reserve a slot for each item before leasing it; items of the
         *     saturated companies and targets it names should not even be looked at
         */
        Claimed<T> claim(Environment environment, int limit, DeliveryCapacity capacity);
    }

    /** Which company and target an item's slot belongs to. */
    public interface Slots<T> {
        String company(T item);

        String target(T item);
    }

    private final String name;
    private final Environment environment;
    private final DeliveryCapacity capacity;
    private final int poolSize;
    private final int claimBatchSizeMax;
    private final long pollIntervalMs;
    private final Claimer<T> claimer;
    private final Slots<T> slots;
    private final Consumer<T> attempt;
    private final Semaphore doorbell = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService pool;
    private Thread thread;

    public DeliveryLane(String name, Environment environment, int poolSize, int perCompany, int perTarget,
            int claimBatchSizeMax, long pollIntervalMs, Claimer<T> claimer, Slots<T> slots, Consumer<T> attempt) {
        this.name = name;
        this.environment = environment;
        this.capacity = new DeliveryCapacity(poolSize, Math.min(perCompany, poolSize), perTarget);
        this.poolSize = poolSize;
        this.claimBatchSizeMax = claimBatchSizeMax;
        this.pollIntervalMs = pollIntervalMs;
        this.claimer = claimer;
        this.slots = slots;
        this.attempt = attempt;
    }

    public void start() {
        AtomicInteger workers = new AtomicInteger();
        String prefix = "troco-" + name + "-" + environment.name().toLowerCase(java.util.Locale.ROOT);
        pool = Executors.newFixedThreadPool(poolSize, r -> {
            Thread worker = new Thread(r, prefix + "-" + workers.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        running = true;
        thread = new Thread(this::run, prefix + "-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops claiming, and gives attempts in flight {@code graceMs} to finish; unfinished ones are retried after their lease. */
    public void stop(long graceMs) {
        running = false;
        wake();
        try {
            if (thread != null) {
                thread.join(pollIntervalMs + 1_000);
            }
            if (pool != null) {
                pool.shutdown();
                pool.awaitTermination(graceMs, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void wake() {
        doorbell.release();
    }

    private void run() {
        long backoff = 0;
        while (running) {
            boolean more = false;
            try {
                more = dispatchDue();
                backoff = 0;
            } catch (RuntimeException e) {
                backoff = Math.min(Math.max(backoff * 2, pollIntervalMs), FAILURE_BACKOFF_MAX_MS);
                LOG.warnf("%s %s: cannot claim due deliveries now (%s); trying again in %d ms", name, environment,
                        e.getMessage(), backoff);
            }
            if (!more) {
                pause(backoff > 0 ? backoff : pollIntervalMs);
            }
        }
    }

    /** Claims what free slots can take and starts it; true when more may be due right now. */
    private boolean dispatchDue() {
        int free = capacity.free();
        if (free == 0) {
            return false;
        }
        int limit = Math.min(free, claimBatchSizeMax);
        Claimed<T> claimed = claimer.claim(environment, limit, capacity);
        for (T item : claimed.reserved()) {
            try {
                pool.execute(() -> attempt(item));
            } catch (RuntimeException e) { // pool shut down: the lease brings it back later
                capacity.release(slots.company(item), slots.target(item));
            }
        }
        return claimed.seen() == limit && capacity.free() > 0;
    }

    private void attempt(T item) {
        try {
            attempt.accept(item);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s %s: an attempt could not be completed; it is tried again when its lease ends", name,
                    environment);
        } finally {
            capacity.release(slots.company(item), slots.target(item));
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
