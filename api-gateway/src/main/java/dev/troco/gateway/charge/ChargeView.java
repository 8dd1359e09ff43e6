package dev.troco.gateway.charge;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargeStatusName;
import dev.troco.events.common.Party;
import java.time.Instant;

/** A charge as the merchant API shows it; field names follow seed 004 where it has them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargeView(
        String id,
        String key,
        Long ourNumber,
        Status status,
        String typePayin,
        long amountCents,
        String currency,
        String customNumber,
        String callbackUrl,
        Instant expiresAt,
        Instant createdAt,
        String buyerName,
        String buyerDocument,
        String buyerEmail,
        long appFeeCents,
        String feePayer,
        String pixCopyPaste,
        Boleto boleto,
        Fees fees,
        long version) {

    /** The boleto's 44-digit barcode and 47-digit linha digitável. */
    public record Boleto(String barcode, String digitableLine) {
    }

    /**
     * Seed 002: who pays what, and the company's rate in percent that the processing fee was
     * computed at (decimal text, e.g. "1.99"; absent on charges created before it was kept).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fees(long processingFeeCents, long appFeeCents, String feePayer, long payerPaysCents,
            long merchantNetsCents, String processingFeeRatePercent) {
    }

    /** Seed 004's status object. */
    public record Status(int id, String name) {
    }

    static ChargeView of(ChargeCreated created) {
        Party buyer = created.getBuyer();
        String feePayer = created.getFeePayer().name().toLowerCase(java.util.Locale.ROOT);
        return new ChargeView(created.getMeta().getAggregateId(), created.getPaymentKey(), created.getOurNumber(),
                new Status(ChargeStatusName.CREATED.id(), ChargeStatusName.CREATED.displayName()),
                typePayin(created.getMethod().name()), created.getAmountCents(), created.getCurrency(),
                created.getCustomNumber(), created.getCallbackUrl(), created.getExpiresAt(),
                created.getMeta().getOccurredAt(), buyer == null ? null : buyer.getName(),
                buyer == null ? null : buyer.getDocument(), buyer == null ? null : buyer.getEmail(),
                created.getAppFeeCents(), feePayer, created.getPixCopyPaste(),
                created.getBoletoBarcode() == null ? null
                        : new Boleto(created.getBoletoBarcode(), created.getBoletoDigitableLine()),
                created.getProcessingFeeCents() == null ? null
                        : new Fees(created.getProcessingFeeCents(), created.getAppFeeCents(), feePayer,
                                created.getPayerPaysCents(), created.getMerchantNetsCents(),
                                created.getProcessingFeeRatePercent()),
                created.getMeta().getAggregateVersion());
    }

    static String typePayin(String method) {
        return switch (method) {
            case "PIX" -> "pix";
            case "BOLETO" -> "boleto";
            case "CARD" -> "credit-card";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** What a create answers when the charge-service has not confirmed within the wait: 202. */
    public record Accepted(String id, String status, String detail) {
    }
}
