package dev.troco.notification.event;

import java.time.Instant;
import java.util.Optional;

/**
 * A page of a company's events, newest first: occurred in {@code [from, to)}, optionally of one
 * type, optionally only those with a delivery not (yet) delivered, after a cursor.
 *
 * @param after the last event of the previous page (its time and id), or empty for the first page
 */
public record EventQuery(
        String companyId,
        Environment environment,
        Optional<EventType> type,
        Instant from,
        Instant to,
        boolean undeliveredOnly,
        Optional<StoredEvent> after,
        int limit) {
}
