package dev.troco.notification.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.events.common.EventMetadata;
import dev.troco.kit.inbox.IncomingMessage;
import dev.troco.kit.inbox.MessageHandler;
import dev.troco.kit.inbox.PoisonMessageException;
import dev.troco.notification.routing.EventRouter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.jboss.logging.Logger;

/**
 * Handles a charge event, in the transaction the inbox opened for it: folds it into the charge's
 * snapshot, stores it with its seed 004 payload, and routes it to the channels the company's settings
 * name (webhooks, e-mail, dashboard). A redelivered event is
 * dropped by the inbox before it gets here.
 */
@ApplicationScoped
public class ChargeEventRecorder implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(ChargeEventRecorder.class);

    private final ChargeSnapshots snapshots;
    private final EventStore events;
    private final EventRouter router;
    private final ObjectMapper json;
    private final Clock clock;

    ChargeEventRecorder(ChargeSnapshots snapshots, EventStore events, EventRouter router, ObjectMapper json,
            Clock clock) {
        this.snapshots = snapshots;
        this.events = events;
        this.router = router;
        this.json = json;
        this.clock = clock;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void handle(IncomingMessage message) {
        SpecificRecord payload = message.payload();
        if (!(payload instanceof SpecificRecordBase record) || !(record.get("meta") instanceof EventMetadata meta)) {
            throw new PoisonMessageException(payload.getClass().getSimpleName() + " is not an event");
        }
        Optional<EventType> type = EventType.ofContract(payload.getClass());
        if (type.isEmpty()) {
            // A type added to the contract after this build: merchants hear of it once this service learns it.
            LOG.infof("event type %s is not notified yet; event %s skipped", payload.getClass().getSimpleName(),
                    meta.getEventId());
            return;
        }
        ChargeSnapshot charge = snapshots.findForUpdate(meta.getAggregateId()).orElseGet(() -> ChargeSnapshot.empty(meta));
        if (!charge.companyId.equals(meta.getMerchantId())) {
            throw new PoisonMessageException("charge " + meta.getAggregateId() + " belongs to another company");
        }
        boolean newer = meta.getAggregateVersion() > charge.version;
        charge.apply(payload, meta);
        if (newer) {
            snapshots.save(charge);
        } else {
            // Its payload still says what this event changed; the snapshot keeps the newer state.
            LOG.infof("event %s of charge %s is older (version %d) than what is known; snapshot kept",
                    meta.getEventId(), meta.getAggregateId(), meta.getAggregateVersion());
        }
        StoredEvent event = new StoredEvent(meta.getEventId(), type.get(), meta.getMerchantId(),
                Environment.of(meta.getEnvironment()), meta.getAggregateType(), meta.getAggregateId(),
                meta.getAggregateVersion(), meta.getOccurredAt(), clock.instant(),
                write(ChargePayload.of(charge, type.get())));
        if (events.insert(event)) {
            router.route(event, charge.callbackUrl);
        }
    }

    private String write(ChargePayload payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a charge payload", e);
        }
    }
}
