package dev.troco.notification.dashboard;

import dev.troco.notification.event.Environment;
import java.time.Instant;
import java.util.UUID;

/** One entry of a dashboard user's feed. {@code readAt} is null while unread. */
public record DashboardNotification(
        String id,
        String companyId,
        Environment environment,
        String userId,
        UUID eventId,
        String eventType,
        String title,
        String body,
        Instant createdAt,
        Instant readAt) {

    public static final String ID_PREFIX = "ntf";
}
