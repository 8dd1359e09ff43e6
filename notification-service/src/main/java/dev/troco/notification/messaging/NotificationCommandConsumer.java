package dev.troco.notification.messaging;

import dev.troco.events.Topics;
import dev.troco.kit.inbox.InboxConsumers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Starts consuming {@code troco.notification.commands} (the gateway's ActivateIpnSecret and SendInvitation) when the service starts. */
@ApplicationScoped
public class NotificationCommandConsumer {

    /** Consumer group, and the name under which handled commands are recorded in the inbox. */
    public static final String NAME = "notification-service.notification-commands";

    void start(@Observes StartupEvent event, InboxConsumers consumers, NotificationCommandHandler handler) {
        consumers.start(NAME, List.of(Topics.NOTIFICATION_COMMANDS), handler);
    }
}
