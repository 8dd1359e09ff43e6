package dev.troco.notification.messaging;

import dev.troco.events.Topics;
import dev.troco.kit.inbox.InboxConsumers;
import dev.troco.notification.event.ChargeEventRecorder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Starts consuming {@code troco.charge.events} when the service starts. */
@ApplicationScoped
public class ChargeEventConsumer {

    /** Consumer group, and the name under which handled events are recorded in the inbox. */
    public static final String NAME = "notification-service.charge-events";

    void start(@Observes StartupEvent event, InboxConsumers consumers, ChargeEventRecorder recorder) {
        consumers.start(NAME, List.of(Topics.CHARGE_EVENTS), recorder);
    }
}
