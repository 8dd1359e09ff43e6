package dev.troco.notification.eventsapi;

import dev.troco.kit.id.Ids;
import dev.troco.kit.problem.ApiException;
import dev.troco.notification.delivery.Deliveries;
import dev.troco.notification.delivery.DeliveryAttempts;
import dev.troco.notification.event.Environment;
import dev.troco.notification.event.EventQuery;
import dev.troco.notification.event.EventStore;
import dev.troco.notification.event.EventType;
import dev.troco.notification.event.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the events API reads: a company's events of the last 30 days, newest first, so a merchant can
 * rebuild what it missed, and one event with the log of its deliveries.
 */
@ApplicationScoped
public class EventListing {

    /** How far back the events API sees (Stripe's 30 days). */
    public static final Duration VISIBLE_FOR = Duration.ofDays(30);
    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;

    /** The filters of a list call, as the caller sent them. */
    public record Filters(String type, String createdFrom, String createdTo, boolean undeliveredOnly, Integer limit,
            String startingAfter) {
    }

    public record Page(List<StoredEvent> events, boolean hasMore) {
    }

    /** One delivery of an event with every attempt made. */
    public record DeliveryLog(Deliveries.DeliveryState delivery, List<DeliveryAttempts.Attempt> attempts) {
    }

    public record EventWithDeliveries(StoredEvent event, List<DeliveryLog> deliveries) {
    }

    private final EventStore events;
    private final Deliveries deliveries;
    private final DeliveryAttempts attempts;
    private final Clock clock;

    EventListing(EventStore events, Deliveries deliveries, DeliveryAttempts attempts, Clock clock) {
        this.events = events;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.clock = clock;
    }

    @Transactional
    public Page list(String companyId, Environment environment, Filters filters) {
        Instant now = clock.instant();
        Instant oldest = now.minus(VISIBLE_FOR);
        Instant from = later(oldest, time("createdFrom", filters.createdFrom()).orElse(oldest));
        Instant to = time("createdTo", filters.createdTo()).orElse(now.plusSeconds(1));
        int limit = filters.limit() == null ? LIMIT_DEFAULT : filters.limit();
        if (limit < 1 || limit > LIMIT_MAX) {
            throw ApiException.invalidField("limit", "out_of_range", "must be between 1 and " + LIMIT_MAX);
        }
        Optional<EventType> type = Optional.ofNullable(filters.type()).filter(t -> !t.isBlank()).map(name ->
                EventType.ofPublicName(name).orElseThrow(() -> ApiException.invalidField("type", "unknown_event_type",
                        "is not an event type")));
        Optional<StoredEvent> after = Optional.ofNullable(filters.startingAfter()).filter(c -> !c.isBlank())
                .map(cursor -> parseId(cursor).flatMap(id -> events.find(companyId, environment, id))
                        .orElseThrow(() -> ApiException.invalidField("startingAfter", "unknown_cursor",
                                "is not an event of this company and environment")));
        List<StoredEvent> found = events.listPagePlusOne(
                new EventQuery(companyId, environment, type, from, to, filters.undeliveredOnly(), after, limit));
        boolean hasMore = found.size() > limit;
        return new Page(hasMore ? found.subList(0, limit) : found, hasMore);
    }

    @Transactional
    public EventWithDeliveries get(String companyId, Environment environment, String eventId) {
        StoredEvent event = find(companyId, environment, eventId);
        return new EventWithDeliveries(event, deliveries.ofEvent(event.id()).stream()
                .map(d -> new DeliveryLog(d, attempts.ofDelivery(d.id())))
                .toList());
    }

    /** An event of the company, by its public id; 404 for a malformed id or another company's event. */
    StoredEvent find(String companyId, Environment environment, String eventId) {
        return parseId(eventId).flatMap(id -> events.find(companyId, environment, id))
                .filter(e -> !e.occurredAt().isBefore(clock.instant().minus(VISIBLE_FOR)))
                .orElseThrow(() -> ApiException.notFound("Event " + eventId));
    }

    private static Optional<UUID> parseId(String publicId) {
        try {
            return Optional.of(Ids.parse(StoredEvent.ID_PREFIX, Ids.normalize(publicId)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<Instant> time(String field, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(field, "invalid_time", "must be an ISO 8601 UTC time, e.g. 2026-11-20T00:00:00Z");
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
