package dev.troco.notification.webhook;

import dev.troco.notification.event.Environment;
import dev.troco.notification.event.EventType;
import java.time.Instant;
import java.util.List;

/**
 * A company's webhook endpoint in one environment. {@code eventTypes} empty means every type. Its
 * signing secrets are not part of this record: they are read only to sign, never to show.
 */
public record WebhookEndpoint(
        String id,
        String companyId,
        Environment environment,
        String url,
        String description,
        List<EventType> eventTypes,
        boolean enabled,
        String disabledReason,
        Instant disabledAt,
        Instant failingSince,
        Instant previousSecretExpiresAt,
        Instant createdAt,
        Instant updatedAt) {

    public static final String ID_PREFIX = "whe";

    public WebhookEndpoint {
        eventTypes = List.copyOf(eventTypes);
    }

    public boolean wants(EventType type) {
        return eventTypes.isEmpty() || eventTypes.contains(type);
    }
}
