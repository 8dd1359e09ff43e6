package dev.troco.charge.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.troco.charge.domain.Charge;
import dev.troco.charge.domain.ChargeRefund;
import dev.troco.charge.domain.ChargeStatus;
import dev.troco.charge.domain.ChargeStatusChange;
import dev.troco.events.charge.ChargeSubstatus;
import dev.troco.events.charge.ChargebackStatus;
import dev.troco.events.charge.RefundMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A charge as merchants read it, in the field names of seed 004's payload. Fields that belong to
 * parts not built yet (payment page key, our number) are left out rather than faked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargeDetails(
        String id,
        String key,
        Long ourNumber,
        String customNumber,
        Status status,
        String typePayin,
        long amountCents,
        String currency,
        Long paidAmountCents,
        Instant paidAt,
        Boolean paidLate,
        Instant expiresAt,
        Instant createdAt,
        String buyerName,
        String buyerDocument,
        String buyerEmail,
        String callbackUrl,
        long appFeeCents,
        String feePayer,
        List<StatusChange> statusHistory,
        String refundMode,
        long refundAmountCents,
        List<Refund> payinRefunds,
        String rejectReason,
        String pixCopyPaste,
        Boleto boleto,
        Fees fees,
        Chargeback chargeback,
        Card card,
        long version,
        @JsonProperty("payin_substatus") String payinSubstatus) {

    public record Status(int id, String name) {

        static Status of(ChargeStatus status) {
            return new Status(status.id(), status.displayName());
        }
    }

    public record StatusChange(Status status, Instant updatedAt) {
    }

    public record Refund(String id, long amountCents, String reason, Instant createdAt) {
    }

    /** A dispute of the charge: {@code status} OPEN, RESOLVED_FOR_CLIENT or RESOLVED_FOR_MERCHANT. */
    public record Chargeback(String id, String status, long amountCents, String reasonCode) {
    }

    /** The boleto's 44-digit barcode and 47-digit linha digitável. */
    public record Boleto(String barcode, String digitableLine) {
    }

    /** A card charge's card as it may be shown: brand, last four digits, expiry, holder. */
    public record Card(String brand, String last4, Integer expMonth, Integer expYear, String holderName) {
    }

    /**
     * Seed 002: who pays what, and the company's rate in percent that the processing fee was
     * computed at (decimal text, e.g. "1.99"; absent on charges created before it was kept).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fees(long processingFeeCents, long appFeeCents, String feePayer, long payerPaysCents,
            long merchantNetsCents, String processingFeeRatePercent) {
    }

    static ChargeDetails of(Charge charge, List<ChargeStatusChange> history, List<ChargeRefund> refunds) {
        RefundMode mode = RefundMode.of(charge.refundedCents, charge.refundableCents() == 0);
        String refundMode = mode == null ? null : mode.name();
        return new ChargeDetails(charge.id, charge.paymentKey, charge.ourNumber, charge.customNumber,
                Status.of(charge.status), typePayin(charge.method),
                charge.amountCents, charge.currency, charge.paidAmountCents, charge.paidAt,
                charge.paidAmountCents == null ? null : charge.paidLate, charge.expiresAt,
                charge.createdAt, charge.buyerName, charge.buyerDocument, charge.buyerEmail, charge.callbackUrl,
                charge.appFeeCents, charge.feePayer.toLowerCase(Locale.ROOT),
                history.stream().map(h -> new StatusChange(Status.of(h.status), h.changedAt)).toList(),
                refundMode, charge.refundedCents,
                refunds.stream().map(r -> new Refund(r.id, r.amountCents, r.reason, r.createdAt)).toList(),
                charge.rejectReason, charge.pixCopyPaste,
                charge.boletoBarcode == null ? null : new Boleto(charge.boletoBarcode, charge.boletoDigitableLine),
                charge.processingFeeCents == null ? null : new Fees(charge.processingFeeCents, charge.appFeeCents,
                        charge.feePayer.toLowerCase(Locale.ROOT), charge.payerPaysCents, charge.merchantNetsCents,
                        charge.processingFeeRatePercent == null ? null
                                : charge.processingFeeRatePercent.stripTrailingZeros().toPlainString()),
                charge.chargebackId == null ? null : new Chargeback(charge.chargebackId, charge.chargebackStatus,
                        charge.chargebackAmountCents, charge.chargebackReason),
                charge.cardLast4 == null ? null : new Card(charge.cardBrand, charge.cardLast4, charge.cardExpMonth,
                        charge.cardExpYear, charge.cardHolderName),
                charge.version, substatus(charge));
    }

    /** Seed 004's payin_substatus: what the status alone does not say (a dispute, a payment after the due date). */
    static String substatus(Charge charge) {
        return ChargeSubstatus.publicNameOf(charge.paidLate,
                charge.chargebackStatus == null ? null : ChargebackStatus.valueOf(charge.chargebackStatus));
    }

    static String typePayin(String method) {
        return switch (method) {
            case "PIX" -> "pix";
            case "BOLETO" -> "boleto";
            case "CARD" -> "credit-card";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }
}
