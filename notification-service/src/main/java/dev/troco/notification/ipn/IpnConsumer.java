package dev.troco.notification.ipn;

import dev.troco.events.Topics;
import dev.troco.kit.inbox.InboxConsumers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Consumes {@code troco.charge.events} for IPNs in a consumer group of its own, so IPNs and
 * webhooks never hold each other up; the inbox records what it handled under its own name.
 */
@ApplicationScoped
public class IpnConsumer {

    public static final String NAME = "notification-service.ipn";

    void start(@Observes StartupEvent event, InboxConsumers consumers, IpnRecorder recorder) {
        consumers.start(NAME, List.of(Topics.CHARGE_EVENTS), recorder);
    }
}
