package dev.troco.charge.messaging;

import dev.troco.charge.service.ChargeCommandHandler;
import dev.troco.events.Topics;
import dev.troco.kit.inbox.InboxConsumers;
import io.quarkus.hibernate.orm.panache.Panache;
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
        consumers.start(NAME, List.of(Topics.CHARGE_COMMANDS), message -> {
            handler.handle(message);
            // The inbox handles several commands in one transaction: each one's rows reach the database before
            // the next command runs, so a later command of the same charge (a row lock, a constraint) sees them.
            Panache.getEntityManager().flush();
        });
    }
}
