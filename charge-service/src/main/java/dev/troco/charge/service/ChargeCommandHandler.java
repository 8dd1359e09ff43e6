package dev.troco.charge.service;

import dev.troco.charge.domain.Charge;
import dev.troco.charge.domain.ChargeRefund;
import dev.troco.charge.domain.ChargeStatus;
import dev.troco.charge.domain.ChargeStatusChange;
import dev.troco.events.Topics;
import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargeChargebackInitiated;
import dev.troco.events.charge.ChargeChargebackResolved;
import dev.troco.events.charge.ChargeCommandRefused;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargeExpired;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargeRefunded;
import dev.troco.events.charge.ChargeRejected;
import dev.troco.events.charge.ChargebackResolution;
import dev.troco.events.charge.ChargebackStatus;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.charge.RefundCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.common.CardToken;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.common.EventMetadata;
import dev.troco.events.common.HostedCheckout;
import dev.troco.events.common.Party;
import dev.troco.kit.id.Ids;
import dev.troco.kit.inbox.IncomingMessage;
import dev.troco.kit.inbox.MessageHandler;
import dev.troco.kit.inbox.PoisonMessageException;
import dev.troco.kit.money.Money;
import dev.troco.kit.outbox.Outbox;
import dev.troco.kit.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;
import org.jboss.logging.Logger;

/**
 * Applies charge commands: each changes one charge and writes the event that announces it into the
 * outbox, in the transaction the inbox consumer opened for the command.
 */
@ApplicationScoped
public class ChargeCommandHandler implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(ChargeCommandHandler.class);
    static final String AGGREGATE_TYPE = "charge";
    /** Refusal codes the kit's problem catalogue does not list yet; the gateway answers them with 409. */
    static final String CHARGEBACK_OPEN = "chargeback_open";
    static final String CHARGEBACK_LOST = "chargeback_lost";

    private final Outbox outbox;
    private final PaymentTerms terms;
    private final Clock clock;

    ChargeCommandHandler(Outbox outbox, PaymentTerms terms, Clock clock) {
        this.outbox = outbox;
        this.terms = terms;
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
        } else if (payload instanceof SimulateChargeOutcome simulate) {
            simulate(simulate);
        } else if (payload instanceof RefundCharge refund) {
            refund(refund);
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
        keepCard(charge, command.getCard());
        HostedCheckout checkout = command.getCheckout();
        if (checkout != null) {
            charge.checkoutSessionId = checkout.getSessionId();
            charge.checkoutIdentifier = checkout.getIdentifier();
            charge.checkoutIpnUrl = checkout.getIpnUrl();
        }
        charge.appFeeCents = command.getAppFeeCents();
        charge.feePayer = command.getFeePayer().name();
        charge.version = 1;
        charge.createdAt = now;
        charge.updatedAt = now;
        if (charge.method.equals("BOLETO") && charge.expiresAt == null) {
            throw new PoisonMessageException("a boleto needs a due date (expiresAt)");
        }
        try {
            terms.fill(charge, command.getMerchantName());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("cannot issue the charge: " + e.getMessage(), e);
        }
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
                .setOurNumber(charge.ourNumber)
                .setPaymentKey(charge.paymentKey)
                .setPixCopyPaste(charge.pixCopyPaste)
                .setBoletoBarcode(charge.boletoBarcode)
                .setBoletoDigitableLine(charge.boletoDigitableLine)
                .setProcessingFeeCents(charge.processingFeeCents)
                .setPayerPaysCents(charge.payerPaysCents)
                .setMerchantNetsCents(charge.merchantNetsCents)
                .setProcessingFeeRatePercent(charge.processingFeeRatePercent == null ? null
                        : charge.processingFeeRatePercent.toPlainString())
                .setCheckout(checkout)
                .build());
    }

    private void cancel(CancelCharge command) {
        CommandMetadata meta = command.getMeta();
        Charge charge = lockedCharge(meta);
        if (charge == null || !transition(charge, ChargeStatus.CANCELED, clock.instant(), meta)) {
            return;
        }
        charge.cancelReason = command.getReason();
        outbox.publish(Topics.CHARGE_EVENTS, ChargeCanceled.newBuilder()
                .setMeta(eventMeta(charge, meta))
                .setReason(command.getReason())
                .build());
    }

    /**
     * Sandbox only: the (simulated) acquirer reports an outcome. Production never gets here: the
     * gateway refuses simulations there, and this check makes sure of it.
     */
    private void simulate(SimulateChargeOutcome command) {
        CommandMetadata meta = command.getMeta();
        if (meta.getEnvironment() != Environment.SANDBOX) {
            throw new PoisonMessageException("simulations exist in the sandbox only");
        }
        Charge charge = lockedCharge(meta);
        if (charge == null) {
            return;
        }
        Instant now = clock.instant();
        switch (command.getOutcome()) {
            case PAID -> {
                if (charge.status != ChargeStatus.CREATED) {
                    // an on-time payment for a charge that is no longer open: PAID_LATE is the late one
                    LOG.infof("payment of charge %s in status %s ignored (command %s)", charge.id, charge.status,
                            meta.getCommandId());
                    return;
                }
                pay(charge, command, now, meta, false);
            }
            case PAID_LATE -> payLate(charge, command, now, meta);
            case REJECTED -> {
                if (!transition(charge, ChargeStatus.REJECTED, now, meta)) {
                    return;
                }
                charge.rejectReason = command.getReasonCode() == null ? "declined" : command.getReasonCode();
                outbox.publish(Topics.CHARGE_EVENTS, ChargeRejected.newBuilder()
                        .setMeta(eventMeta(charge, meta))
                        .setReasonCode(charge.rejectReason)
                        .build());
            }
            case EXPIRED -> expire(charge, now, meta);
            case CHARGEBACK_INITIATED -> openChargeback(charge, now, meta, command.getReasonCode());
            case CHARGEBACK_RESOLVED_FOR_CLIENT -> resolveChargeback(charge, now, meta,
                    ChargebackResolution.IN_FAVOR_OF_CLIENT);
            case CHARGEBACK_RESOLVED_FOR_MERCHANT -> resolveChargeback(charge, now, meta,
                    ChargebackResolution.IN_FAVOR_OF_MERCHANT);
            default -> throw new PoisonMessageException("simulated outcome " + command.getOutcome()
                    + " is not known to this version");
        }
    }

    private void pay(Charge charge, SimulateChargeOutcome command, Instant now, CommandMetadata meta, boolean late) {
        long paid = command.getPaidAmountCents() == null ? charge.amountCents : command.getPaidAmountCents();
        if (paid <= 0 || paid > charge.amountCents) {
            LOG.warnf("payment of %d on charge %s of %d ignored", paid, charge.id, charge.amountCents);
            return;
        }
        if (!transition(charge, ChargeStatus.PAID, now, meta)) {
            return;
        }
        charge.paidAmountCents = paid;
        charge.paidAt = now;
        charge.paidLate = late;
        // paid by card on the hosted checkout page: what may be shown of the card, as for card charges
        keepCard(charge, command.getCard());
        outbox.publish(Topics.CHARGE_EVENTS, ChargePaid.newBuilder()
                .setMeta(eventMeta(charge, meta))
                .setAmountCents(charge.amountCents)
                .setPaidAmountCents(paid)
                .setCurrency(charge.currency)
                .setPaidAt(now)
                .setLate(late)
                .build());
    }

    /** The gateway's token of the card and what may be shown of it (never the number); nothing when null. */
    private static void keepCard(Charge charge, CardToken card) {
        if (card == null) {
            return;
        }
        charge.cardToken = card.getToken();
        charge.cardBrand = card.getBrand();
        charge.cardLast4 = card.getLast4();
        charge.cardExpMonth = card.getExpMonth();
        charge.cardExpYear = card.getExpYear();
        charge.cardHolderName = card.getHolderName();
    }

    /**
     * A PIX or boleto charge paid after its due date. If the charge has not expired yet (the expiry job
     * runs every few seconds, and the sandbox does not wait for the date), it expires first: the
     * history then reads Created, Expired, Paid, as it would for a slip paid days late.
     */
    private void payLate(Charge charge, SimulateChargeOutcome command, Instant now, CommandMetadata meta) {
        if (!(charge.method.equals("PIX") || charge.method.equals("BOLETO")) || charge.expiresAt == null) {
            LOG.infof("late payment of charge %s (%s, due %s) ignored: only PIX and boleto charges with a due date "
                    + "can be paid late (command %s)", charge.id, charge.method, charge.expiresAt, meta.getCommandId());
            return;
        }
        if (charge.status == ChargeStatus.CREATED) {
            expire(charge, now, meta);
        }
        if (charge.status != ChargeStatus.EXPIRED) {
            LOG.infof("late payment of charge %s in status %s ignored (command %s)", charge.id, charge.status,
                    meta.getCommandId());
            return;
        }
        pay(charge, command, now, meta, true);
    }

    /** The payer disputes a paid charge: the whole paid amount less refunds is at stake. */
    private void openChargeback(Charge charge, Instant now, CommandMetadata cause, String reason) {
        if (charge.status != ChargeStatus.PAID || charge.chargebackStatus != null || charge.refundableCents() == 0) {
            LOG.infof("chargeback on charge %s (%s, chargeback %s) ignored (command %s)", charge.id, charge.status,
                    charge.chargebackStatus, cause.getCommandId());
            return;
        }
        charge.chargebackId = Ids.next("cbk");
        charge.chargebackStatus = ChargebackStatus.OPEN.name();
        charge.chargebackAmountCents = charge.refundableCents();
        charge.chargebackReason = reason;
        charge.touch(now);
        outbox.publish(Topics.CHARGE_EVENTS, ChargeChargebackInitiated.newBuilder()
                .setMeta(eventMeta(charge, cause))
                .setChargebackId(charge.chargebackId)
                .setAmountCents(charge.chargebackAmountCents)
                .setCurrency(charge.currency)
                .setReasonCode(reason)
                .build());
    }

    private void resolveChargeback(Charge charge, Instant now, CommandMetadata cause, ChargebackResolution resolution) {
        if (!ChargebackStatus.OPEN.name().equals(charge.chargebackStatus)) {
            LOG.infof("resolution of chargeback on charge %s (chargeback %s) ignored (command %s)", charge.id,
                    charge.chargebackStatus, cause.getCommandId());
            return;
        }
        charge.chargebackStatus = ChargebackStatus.resolvedBy(resolution).name();
        charge.touch(now);
        outbox.publish(Topics.CHARGE_EVENTS, ChargeChargebackResolved.newBuilder()
                .setMeta(eventMeta(charge, cause))
                .setChargebackId(charge.chargebackId)
                .setResolution(resolution)
                .build());
    }

    private void refund(RefundCharge command) {
        CommandMetadata meta = command.getMeta();
        Charge charge = lockedCharge(meta);
        if (charge == null) {
            return;
        }
        if (ChargeRefund.findById(command.getRefundId()) != null) {
            LOG.infof("refund %s of charge %s already made (command %s)", command.getRefundId(), charge.id,
                    meta.getCommandId());
            return;
        }
        long amount = command.getAmountCents() == null ? charge.refundableCents() : command.getAmountCents();
        Refusal refusal = refundRefusal(charge, amount);
        if (refusal != null) {
            refuse(charge, command, refusal, command.getRefundId());
            return;
        }
        Instant now = clock.instant();
        ChargeRefund refund = new ChargeRefund();
        refund.id = command.getRefundId();
        refund.chargeId = charge.id;
        refund.amountCents = amount;
        refund.reason = command.getReason();
        refund.createdAt = now;
        refund.persist();
        charge.refundedCents = Math.addExact(charge.refundedCents, amount);
        boolean full = charge.refundableCents() == 0;
        if (full) {
            transition(charge, ChargeStatus.REFUNDED, now, meta);
        } else {
            charge.touch(now);
        }
        outbox.publish(Topics.CHARGE_EVENTS, ChargeRefunded.newBuilder()
                .setMeta(eventMeta(charge, meta))
                .setRefundId(refund.id)
                .setAmountCents(amount)
                .setRefundedTotalCents(charge.refundedCents)
                .setCurrency(charge.currency)
                .setFullyRefunded(full)
                .build());
    }

    /**
     * Why the locked charge cannot be refunded this amount now, or null when it can. The one place
     * that decides it: the gateway passes the merchant's request on and answers with what this says.
     */
    private static Refusal refundRefusal(Charge charge, long amount) {
        if (charge.status != ChargeStatus.PAID) {
            return new Refusal(ProblemCode.INVALID_STATE.code(), "Charge " + charge.id + " is "
                    + charge.status.displayName() + " and cannot be refunded");
        }
        if (ChargebackStatus.OPEN.name().equals(charge.chargebackStatus)) {
            return new Refusal(CHARGEBACK_OPEN, "Charge " + charge.id + " has an open chargeback; it can be "
                    + "refunded once the chargeback is resolved in the merchant's favour");
        }
        if (ChargebackStatus.RESOLVED_FOR_CLIENT.name().equals(charge.chargebackStatus)) {
            return new Refusal(CHARGEBACK_LOST, "Charge " + charge.id + " lost its chargeback: the payer already got "
                    + "the disputed amount back, so it cannot be refunded");
        }
        if (amount <= 0) {
            return new Refusal(ProblemCode.VALIDATION_FAILED.code(), "A refund's amountCents must be positive");
        }
        if (amount > charge.refundableCents()) {
            return new Refusal(ProblemCode.REFUND_EXCEEDS_PAID.code(), "A refund of " + amount + " is more than the "
                    + charge.refundableCents() + " left of the paid amount of charge " + charge.id);
        }
        return null;
    }

    /** A stable reason word (the problem catalogue's) and its explanation for the merchant. */
    private record Refusal(String code, String detail) {
    }

    /**
     * Tells the command's sender, through the outbox and in the transaction that records the command as
     * handled, that it changed nothing and why; the charge keeps its version.
     */
    private void refuse(Charge charge, SpecificRecordBase command, Refusal refusal, String refundId) {
        CommandMetadata meta = (CommandMetadata) command.get("meta");
        LOG.infof("%s of charge %s refused, %s: %s (command %s)", command.getSchema().getName(), charge.id,
                refusal.code(), refusal.detail(), meta.getCommandId());
        outbox.publish(Topics.CHARGE_EVENTS, ChargeCommandRefused.newBuilder()
                .setMeta(eventMeta(charge, meta, clock.instant()))
                .setCommandType(command.getSchema().getFullName())
                .setCode(refusal.code())
                .setDetail(refusal.detail())
                .setRefundId(refundId)
                .build());
    }

    /** Expires an unpaid charge: by the expiry job (no command) or a sandbox simulation. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void expire(Charge charge, Instant now, CommandMetadata cause) {
        if (!transition(charge, ChargeStatus.EXPIRED, now, cause)) {
            return;
        }
        outbox.publish(Topics.CHARGE_EVENTS, ChargeExpired.newBuilder()
                .setMeta(eventMeta(charge, cause))
                .setExpiresAt(charge.expiresAt == null ? now : charge.expiresAt)
                .build());
    }

    /** The charge of the command's company, locked for this transaction; null (logged) when there is none. */
    private Charge lockedCharge(CommandMetadata meta) {
        Charge charge = Charge.findById(meta.getAggregateId(), LockModeType.PESSIMISTIC_WRITE);
        if (charge == null || !charge.merchantId.equals(meta.getMerchantId())
                || !charge.environment.equals(meta.getEnvironment().name())) {
            LOG.warnf("command %s for unknown charge %s ignored", meta.getCommandId(), meta.getAggregateId());
            return null;
        }
        return charge;
    }

    /** Applies an allowed transition and records it; a refused one is logged and changes nothing. */
    private boolean transition(Charge charge, ChargeStatus next, Instant now, CommandMetadata cause) {
        if (!charge.transitionTo(next, now)) {
            LOG.infof("charge %s in status %s cannot become %s; ignored (command %s)", charge.id, charge.status,
                    next, cause == null ? "none" : cause.getCommandId());
            return false;
        }
        ChargeStatusChange.of(charge).persist();
        return true;
    }

    private EventMetadata eventMeta(Charge charge, CommandMetadata cause) {
        return eventMeta(charge, cause, charge.updatedAt);
    }

    private EventMetadata eventMeta(Charge charge, CommandMetadata cause, Instant occurredAt) {
        return EventMetadata.newBuilder()
                .setEventId(Ids.uuid7())
                .setOccurredAt(occurredAt)
                .setMerchantId(charge.merchantId)
                .setEnvironment(Environment.valueOf(charge.environment))
                .setAggregateType(AGGREGATE_TYPE)
                .setAggregateId(charge.id)
                .setAggregateVersion(charge.version)
                .setCausationId(cause == null ? null : cause.getCommandId().toString())
                .setTraceparent(cause == null ? null : cause.getTraceparent())
                .setTracestate(cause == null ? null : cause.getTracestate())
                .build();
    }
}
