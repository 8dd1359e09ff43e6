package dev.troco.charge.service;

import dev.troco.charge.domain.Charge;
import dev.troco.charge.domain.ChargeStatus;
import dev.troco.charge.domain.ChargeStatusChange;
import dev.troco.events.Topics;
import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.EventMetadata;
import dev.troco.events.common.Party;
import dev.troco.kit.id.Ids;
import dev.troco.kit.inbox.IncomingMessage;
import dev.troco.kit.inbox.MessageHandler;
import dev.troco.kit.inbox.PoisonMessageException;
import dev.troco.kit.money.Money;
import dev.troco.kit.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Applies charge commands: each changes one charge and writes the event that announces it into the
 * outbox, in the transaction the inbox consumer opened for the command.
 */
@ApplicationScoped
public class ChargeCommandHandler implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(ChargeCommandHandler.class);
    static final String AGGREGATE_TYPE = "charge";

    private final Outbox outbox;
    private final Clock clock;

    ChargeCommandHandler(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void handle(IncomingMessage message) {
        Object payload = message.payload();
        if (payload instanceof CreateCharge create) {
            create(create);
        } else if (payload instanceof CancelCharge cancel) {
            cancel(cancel);
        } else {
            throw new PoisonMessageException("charge-service does not handle "
                    + payload.getClass().getSimpleName() + " yet");
        }
    }

    private void create(CreateCharge command) {
        CommandMetadata meta = command.getMeta();
        String id = meta.getAggregateId();
        if (!Ids.isValid("chg", id)) {
            throw new PoisonMessageException("aggregateId is not a charge id: " + id);
        }
        if (command.getAmountCents() <= 0) {
            throw new PoisonMessageException("amountCents must be positive, got " + command.getAmountCents());
        }
        if (command.getAppFeeCents() < 0 || command.getAppFeeCents() > command.getAmountCents()) {
            throw new PoisonMessageException("appFeeCents must be between 0 and amountCents");
        }
        try {
            Money.currency(command.getCurrency());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
        Charge existing = Charge.findById(id);
        if (existing != null) {
            if (!existing.merchantId.equals(meta.getMerchantId())) {
                throw new PoisonMessageException("charge id " + id + " already belongs to another merchant");
            }
            // The gateway may publish a create again (its own retry): the charge already exists, nothing to do.
            LOG.infof("create of existing charge %s ignored (command %s)", id, meta.getCommandId());
            return;
        }
        Instant now = clock.instant();
        Charge charge = new Charge();
        charge.id = id;
        charge.merchantId = meta.getMerchantId();
        charge.environment = meta.getEnvironment().name();
        charge.method = command.getMethod().name();
        charge.status = ChargeStatus.CREATED;
        charge.amountCents = command.getAmountCents();
        charge.currency = command.getCurrency();
        charge.customNumber = command.getCustomNumber();
        charge.description = command.getDescription();
        charge.callbackUrl = command.getCallbackUrl();
        charge.expiresAt = command.getExpiresAt();
        Party buyer = command.getBuyer();
        if (buyer != null) {
            charge.buyerName = buyer.getName();
            charge.buyerDocument = buyer.getDocument();
            charge.buyerEmail = buyer.getEmail();
        }
        charge.appFeeCents = command.getAppFeeCents();
        charge.feePayer = command.getFeePayer().name();
        charge.version = 1;
        charge.createdAt = now;
        charge.updatedAt = now;
        charge.persist();
        ChargeStatusChange.of(charge).persist();

        outbox.publish(Topics.CHARGE_EVENTS, ChargeCreated.newBuilder()
                .setMeta(eventMeta(charge, meta))
                .setMethod(command.getMethod())
                .setAmountCents(charge.amountCents)
                .setCurrency(charge.currency)
                .setCustomNumber(charge.customNumber)
                .setCallbackUrl(charge.callbackUrl)
                .setExpiresAt(charge.expiresAt)
                .setBuyer(buyer)
                .setAppFeeCents(charge.appFeeCents)
                .setFeePayer(command.getFeePayer())
                .build());
    }

    private void cancel(CancelCharge command) {
        CommandMetadata meta = command.getMeta();
        Charge charge = Charge.findById(meta.getAggregateId(), LockModeType.PESSIMISTIC_WRITE);
        if (charge == null || !charge.merchantId.equals(meta.getMerchantId())) {
            LOG.warnf("cancel of unknown charge %s ignored (command %s)", meta.getAggregateId(), meta.getCommandId());
            return;
        }
        Instant now = clock.instant();
        if (!charge.transitionTo(ChargeStatus.CANCELED, now)) {
            LOG.infof("cancel of charge %s in status %s ignored (command %s)", charge.id, charge.status,
                    meta.getCommandId());
            return;
        }
        charge.cancelReason = command.getReason();
        ChargeStatusChange.of(charge).persist();
        outbox.publish(Topics.CHARGE_EVENTS, ChargeCanceled.newBuilder()
                .setMeta(eventMeta(charge, meta))
                .setReason(command.getReason())
                .build());
    }

    private EventMetadata eventMeta(Charge charge, CommandMetadata cause) {
        return EventMetadata.newBuilder()
                .setEventId(Ids.uuid7())
                .setOccurredAt(charge.updatedAt)
                .setMerchantId(charge.merchantId)
                .setEnvironment(cause.getEnvironment())
                .setAggregateType(AGGREGATE_TYPE)
                .setAggregateId(charge.id)
                .setAggregateVersion(charge.version)
                .setCausationId(cause.getCommandId().toString())
                .setTraceparent(cause.getTraceparent())
                .setTracestate(cause.getTracestate())
                .build();
    }
}
