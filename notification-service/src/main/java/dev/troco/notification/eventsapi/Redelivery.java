package dev.troco.notification.eventsapi;

import dev.troco.kit.problem.ApiException;
import dev.troco.notification.delivery.Deliveries;
import dev.troco.notification.delivery.DeliveryDispatcher;
import dev.troco.notification.delivery.DeliveryPlanner;
import dev.troco.notification.event.Environment;
import dev.troco.notification.event.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Sends events again on a merchant's request: one event (to every endpoint now subscribed to it, and
 * its callback URL), or every delivery given up since a time (after an outage on their side). The
 * {@code webhook-id} stays the event's, so a receiver that did get it can drop the copy.
 */
@ApplicationScoped
public class Redelivery {

    private final EventListing listing;
    private final Deliveries deliveries;
    private final DeliveryPlanner planner;
    private final DeliveryDispatcher dispatcher;
    private final Clock clock;

    Redelivery(EventListing listing, Deliveries deliveries, DeliveryPlanner planner, DeliveryDispatcher dispatcher,
            Clock clock) {
        this.listing = listing;
        this.deliveries = deliveries;
        this.planner = planner;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Schedules the event's deliveries now, adding one for each enabled endpoint subscribed since; answers how many. */
    @Transactional
    public int redeliver(String companyId, Environment environment, String eventId) {
        StoredEvent event = listing.find(companyId, environment, eventId);
        planner.planForEndpoints(event);
        int scheduled = deliveries.redeliverEvent(event.id(), clock.instant());
        dispatcher.wakeAfterCommit();
        return scheduled;
    }

    /** Schedules again every given-up delivery of events since {@code since} (at most 30 days back); answers how many. */
    @Transactional
    public int recoverFailed(String companyId, Environment environment, String sinceText) {
        Instant since = EventListing.time("since", sinceText).orElseThrow(
                () -> ApiException.invalidField("since", "required", "must be an ISO 8601 UTC time"));
        Instant now = clock.instant();
        if (since.isAfter(now)) {
            throw ApiException.invalidField("since", "in_the_future", "must not be in the future");
        }
        Instant oldest = now.minus(EventListing.VISIBLE_FOR);
        int scheduled = deliveries.recoverFailed(companyId, environment.name(), since.isBefore(oldest) ? oldest : since,
                now);
        dispatcher.wakeAfterCommit();
        return scheduled;
    }
}
