package dev.troco.notification.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.troco.notification.delivery.Deliveries;
import dev.troco.notification.delivery.DeliveryAttempts;
import dev.troco.notification.event.Environment;
import dev.troco.notification.event.StoredEvent;
import dev.troco.notification.eventsapi.EventListing;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the events API answers: Troco's event envelope, and the delivery log of one event. */
public final class EventViews {

    private EventViews() {
    }

    /**
     * An event: {@code id} is also the {@code webhook-id} of its webhooks; {@code data} is exactly the
     * body its webhooks carry (seed 004's payload for charge events).
     */
    public record EventView(String id, String type, Instant createdAt, Environment environment, String aggregateType,
            String aggregateId, long aggregateVersion,
            @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the webhook payload") String data) {

        static EventView of(StoredEvent event) {
            return new EventView(event.publicId(), event.type().publicName(), event.occurredAt(), event.environment(),
                    event.aggregateType(), event.aggregateId(), event.aggregateVersion(), event.data());
        }
    }

    /** One attempt of a delivery: when, the answer's status and the first 1 KB of its body, or the error. */
    public record AttemptView(int number, Instant attemptedAt, String url, Integer statusCode, long latencyMs,
            String responseBody, String error) {

        static AttemptView of(DeliveryAttempts.Attempt attempt) {
            return new AttemptView(attempt.attemptNumber(), attempt.attemptedAt(), attempt.url(), attempt.statusCode(),
                    attempt.latencyMs(), attempt.responseBody(), attempt.error());
        }
    }

    /**
     * One delivery of the event: to a registered endpoint ({@code endpointId}) or to the charge's own
     * {@code callbackUrl}. {@code status}: PENDING (due at {@code nextAttemptAt}), DELIVERED, or FAILED
     * (given up; recover it with a redelivery).
     */
    public record DeliveryView(String id, String endpointId, String callbackUrl, String webhookId, String status,
            int attemptCount, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatusCode, Instant deliveredAt,
            Instant createdAt, List<AttemptView> attempts) {

        static DeliveryView of(EventListing.DeliveryLog log) {
            Deliveries.DeliveryState d = log.delivery();
            return new DeliveryView(d.id(), d.endpointId(), d.callbackUrl(), d.messageId(), d.status(),
                    d.attemptCount(), "PENDING".equals(d.status()) ? d.nextAttemptAt() : null, d.lastAttemptAt(),
                    d.lastStatusCode(), d.deliveredAt(), d.createdAt(),
                    log.attempts().stream().map(AttemptView::of).toList());
        }
    }

    public record EventWithDeliveriesView(String id, String type, Instant createdAt, Environment environment,
            String aggregateType, String aggregateId, long aggregateVersion,
            @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the webhook payload") String data,
            List<DeliveryView> deliveries) {

        static EventWithDeliveriesView of(EventListing.EventWithDeliveries found) {
            StoredEvent event = found.event();
            return new EventWithDeliveriesView(event.publicId(), event.type().publicName(), event.occurredAt(),
                    event.environment(), event.aggregateType(), event.aggregateId(), event.aggregateVersion(),
                    event.data(), found.deliveries().stream().map(DeliveryView::of).toList());
        }
    }

    /** How many deliveries a redelivery or recovery scheduled. */
    public record ScheduledView(int scheduled) {
    }
}
