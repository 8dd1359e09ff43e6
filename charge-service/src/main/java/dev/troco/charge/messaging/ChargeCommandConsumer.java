package dev.troco.charge.messaging;

import dev.troco.charge.service.ChargeCommandHandler;
import dev.troco.events.Topics;
import dev.troco.kit.inbox.InboxConsumers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Starts consuming {@code troco.charge.commands} when the service starts. */
@ApplicationScoped
public class ChargeCommandConsumer {

    /** Consumer group, and the name under which handled commands are recorded in the inbox. */
    public static final String NAME = "charge-service.commands";

    void start(@Observes StartupEvent event, InboxConsumers consumers, ChargeCommandHandler handler) {
        consumers.start(NAME, List.of(Topics.CHARGE_COMMANDS), handler);
    }
}
