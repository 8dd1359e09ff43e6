package dev.troco.notification.delivery;

import dev.troco.notification.email.EmailComposer;
import dev.troco.notification.email.EmailJobs;
import dev.troco.notification.event.StoredEvent;
import dev.troco.notification.webhook.WebhookEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Records what an attempt came to, in one transaction: the attempt in the delivery log, the
 * delivery delivered or due again (or given up), and the endpoint's health, disabling it when
 * {@link EndpointHealthPolicy} says so (and queuing an e-mail to the company's Moderators then).
 * A success that ends an endpoint's run of failures brings its waiting retries forward.
 */
@ApplicationScoped
public class DeliveryOutcomes {

    private static final Logger LOG = Logger.getLogger(DeliveryOutcomes.class);

    private final Deliveries deliveries;
    private final DeliveryAttempts attempts;
    private final WebhookEndpoints endpoints;
    private final RetrySchedule schedule;
    private final EndpointHealthPolicy health;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final EmailJobs emails;
    private final EmailComposer composer;

    DeliveryOutcomes(Deliveries deliveries, DeliveryAttempts attempts, WebhookEndpoints endpoints,
            RetrySchedule schedule, EndpointHealthPolicy health, Clock clock, MeterRegistry metrics, EmailJobs emails,
            EmailComposer composer) {
        this.emails = emails;
        this.composer = composer;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.endpoints = endpoints;
        this.schedule = schedule;
        this.health = health;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Transactional
    public void record(DueDelivery delivery, PostResult result) {
        Instant now = clock.instant();
        int attempt = delivery.attemptNumber();
        boolean exists;
        if (result.delivered()) {
            exists = deliveries.markDelivered(delivery.id(), attempt, result.statusCode(), now);
            if (exists && delivery.toEndpoint() && endpoints.markHealthy(delivery.endpointId())) {
                bringBacklogForward(delivery, result.statusCode(), now);
            }
        } else {
            // An extra attempt (brought forward by a recovery) that fails leaves the delivery where the schedule
            // had it: same step, due when it was due before. Any other failure moves it one step on.
            int failures = delivery.broughtForward() ? delivery.failuresInRow() : delivery.failuresInRow() + 1;
            Optional<Instant> next;
            if (result.gone() || result.permanent()) {
                next = Optional.empty();
            } else if (delivery.broughtForward()) {
                next = Optional.of(schedule.resume(delivery.forwardedFrom(), now, result.retryAfter()));
            } else {
                next = schedule.nextAttempt(failures, now, result.retryAfter());
            }
            exists = deliveries.markFailed(delivery.id(), attempt, failures, result.statusCode(), now, next.orElse(null));
            if (exists && delivery.toEndpoint()) {
                judgeEndpoint(delivery, result, now);
            }
            if (exists && next.isEmpty()) {
                LOG.infof("delivery %s of %s gave up after attempt %d", delivery.id(), delivery.messageId(), attempt);
            }
        }
        metrics.counter("troco.webhook.attempts", "outcome", outcome(result)).increment();
        if (exists) {
            attempts.insert(new DeliveryAttempts.Attempt(delivery.id(), attempt, result.startedAt(), delivery.url(),
                    result.statusCode(), result.latency().toMillis(), result.responseBody(), result.error()));
        }
    }

    /**
     * The endpoint answered 2xx after failing: what waits for a retry to it is due now, so a receiver back
     * from an outage gets its backlog within seconds, not at the schedule's next step (30 minutes, 2 hours...).
     * The lanes send it at their usual pace: per company and per endpoint concurrency shares, leases.
     */
    private void bringBacklogForward(DueDelivery delivery, int statusCode, Instant now) {
        int brought = deliveries.bringForward(delivery.endpointId(), now);
        if (brought > 0) {
            metrics.counter("troco.webhook.deliveries.brought.forward").increment(brought);
            LOG.infof("webhook endpoint %s answered %d again: %d deliveries waiting for a retry are due now",
                    delivery.endpointId(), statusCode, brought);
        }
    }

    /** Disables a failing endpoint when the policy says so, and queues the e-mail telling the company's Moderators. */
    private void judgeEndpoint(DueDelivery delivery, PostResult result, Instant now) {
        String endpointId = delivery.endpointId();
        Instant failingSince = endpoints.markFailing(endpointId, now).orElse(now);
        health.reasonToDisable(result, failingSince, now).ifPresent(reason -> {
            endpoints.setEnabled(endpointId, false, reason, now);
            metrics.counter("troco.webhook.endpoints.disabled").increment();
            LOG.warnf("webhook endpoint %s disabled: %s", endpointId, reason);
            StoredEvent event = delivery.event();
            emails.enqueue("endpoint-disabled:" + endpointId + "|" + now, event.companyId(), event.environment(), null,
                    composer.endpointDisabled(event.companyId(), event.environment(), endpointId, delivery.url(),
                            reason, now), now);
        });
    }

    /** The metric's outcome tag: delivered, answered (a non-2xx status) or unanswered (no response). */
    private static String outcome(PostResult result) {
        if (result.delivered()) {
            return "delivered";
        }
        return result.statusCode() != null ? "answered" : "unanswered";
    }
}
