package dev.troco.notification.delivery;

import dev.troco.kit.tx.AfterCommit;
import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.event.Environment;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends due webhooks, in two {@link DeliveryLane}s: production and sandbox each claim their own due
 * deliveries (locking them with {@code FOR UPDATE SKIP LOCKED}, so replicas share the work without
 * sending one twice, and leasing them for the attempt) on threads of their own, so sandbox traffic
 * never delays production. Within a lane, due deliveries are taken in turns across companies
 * (each company's oldest first), and no company or target (endpoint, callback host) runs more than
 * its share of the attempts at once. A lane looks again when woken (a new delivery committed, an
 * attempt finished) or every poll interval.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final Object WAKE_REGISTERED = new Object();

    private final Deliveries deliveries;
    private final WebhookSender sender;
    private final DeliveryOutcomes outcomes;
    private final AfterCommit afterCommit;
    private final NotificationSettings.Delivery settings;
    private final Clock clock;
    private final List<DeliveryLane<DueDelivery>> lanes;

    DeliveryDispatcher(Deliveries deliveries, WebhookSender sender, DeliveryOutcomes outcomes,
            AfterCommit afterCommit, NotificationSettings settings, Clock clock) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.outcomes = outcomes;
        this.afterCommit = afterCommit;
        this.settings = settings.delivery();
        this.clock = clock;
        if (this.settings.leaseMs() <= this.settings.timeoutMs()) {
            throw new IllegalStateException("troco.notification.delivery.lease-ms must exceed timeout-ms");
        }
        this.lanes = List.of(lane(Environment.PRODUCTION, this.settings.poolSize()),
                lane(Environment.SANDBOX, this.settings.sandboxPoolSize()));
    }

    private DeliveryLane<DueDelivery> lane(Environment environment, int poolSize) {
        return new DeliveryLane<>("webhook", environment, poolSize, settings.perCompanyConcurrencyMax(),
                settings.perEndpointConcurrencyMax(), settings.claimBatchSizeMax(), settings.pollIntervalMs(),
                this::claim, new DeliveryLane.Slots<>() {
                    @Override
                    public String company(DueDelivery delivery) {
                        return delivery.event().companyId();
                    }

                    @Override
                    public String target(DueDelivery delivery) {
                        return delivery.concurrencyKey();
                    }
                }, this::attempt);
    }

    void start(@Observes StartupEvent event) {
        lanes.forEach(DeliveryLane::start);
    }

    /** Stops claiming, and gives attempts in flight their timeout to finish; unfinished ones are retried after their lease. */
    void stop(@Observes ShutdownEvent event) {
        lanes.forEach(lane -> lane.stop(settings.timeoutMs() + 1_000));
    }

    /** Looks for due deliveries now rather than at the next poll. */
    public void wake() {
        lanes.forEach(DeliveryLane::wake);
    }

    /** Wakes the dispatcher once the caller's transaction commits (what it inserted is then visible). */
    public void wakeAfterCommit() {
        afterCommit.runOnce(WAKE_REGISTERED, this::wake);
    }

    private DeliveryLane.Claimed<DueDelivery> claim(Environment environment, int limit, DeliveryCapacity capacity) {
        List<DueDelivery> reserved = new ArrayList<>();
        try {
            int seen = QuarkusTransaction.requiringNew().call(() -> {
                List<DueDelivery> due = deliveries.lockDue(environment, clock.instant(), limit,
                        capacity.saturatedCompanies(), capacity.saturatedTargets());
                for (DueDelivery delivery : due) {
                    if (capacity.tryReserve(delivery.event().companyId(), delivery.concurrencyKey())) {
                        reserved.add(delivery);
                    }
                }
                deliveries.lease(reserved.stream().map(DueDelivery::id).toList(),
                        clock.instant().plusMillis(settings.leaseMs()));
                return due.size();
            });
            return new DeliveryLane.Claimed<>(reserved, seen);
        } catch (RuntimeException e) {
            reserved.forEach(d -> capacity.release(d.event().companyId(), d.concurrencyKey()));
            throw e;
        }
    }

    private void attempt(DueDelivery delivery) {
        try {
            outcomes.record(delivery, sender.send(delivery));
        } catch (RuntimeException e) {
            LOG.errorf(e, "attempt %d of delivery %s could not be completed; it is tried again when its lease ends",
                    delivery.attemptNumber(), delivery.id());
        }
    }
}
