package dev.troco.notification.event;

import dev.troco.kit.id.Ids;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as this service keeps it: the producer's event id, its public type, whose it is, the
 * aggregate and its version, and {@code data}, the JSON payload merchants receive (the same bytes
 * on every delivery and in the events API).
 */
public record StoredEvent(
        UUID id,
        EventType type,
        String companyId,
        Environment environment,
        String aggregateType,
        String aggregateId,
        long aggregateVersion,
        Instant occurredAt,
        Instant receivedAt,
        String data) {

    public static final String ID_PREFIX = "evt";

    /** The public id, {@code evt_...}: also the {@code webhook-id} of every delivery of this event. */
    public String publicId() {
        return Ids.format(ID_PREFIX, id);
    }
}
