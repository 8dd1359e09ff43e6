package dev.troco.notification.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.troco.events.charge.ChargeStatusName;
import dev.troco.events.charge.RefundMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The webhook body of a charge event: seed 004's payload, field names, status names, substatus names (the
 * contract's {@code ChargeSubstatus}, as the charge's GET names them) and time format included, as far as Troco's
 * events carry the data. Seed fields Troco has no data for yet ({@code clientId}, {@code clientName}) are left out
 * rather than faked. Troco adds {@code paidLate} (paid after the due date; null until paid), {@code rejectReason},
 * {@code currency}, {@code eventType} and {@code version} (the charge's version after this event), so a receiver
 * can tell an old event from a newer one. Every listed field is present, null when unknown, as in the seed.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "key", "buyerName", "buyerDocument", "buyerEmail", "customNumber", "ourNumber", "status",
    "typePayin", "amountCents", "paidAmountCents", "paidAt", "expiresAt", "createdAt", "statusHistory", "refundMode",
    "refundAmountCents", "payinRefunds", "payin_substatus", "paidLate", "rejectReason", "currency", "eventType",
    "version"})
public record ChargePayload(
        String id,
        String key,
        Long ourNumber,
        String buyerName,
        String buyerDocument,
        String buyerEmail,
        String customNumber,
        Status status,
        String typePayin,
        Long amountCents,
        Long paidAmountCents,
        String paidAt,
        Boolean paidLate,
        String expiresAt,
        String createdAt,
        List<StatusChange> statusHistory,
        String refundMode,
        long refundAmountCents,
        List<PayinRefund> payinRefunds,
        @JsonProperty("payin_substatus") String payinSubstatus,
        String rejectReason,
        String currency,
        String eventType,
        long version) {

    /** Seed 004's timestamps: UTC, microseconds, {@code 2024-02-21T19:20:00.000000Z}. */
    private static final DateTimeFormatter SEED_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    public record Status(int id, String name) {

        static Status of(ChargeStatusName status) {
            return status == null ? null : new Status(status.id(), status.displayName());
        }
    }

    public record StatusChange(Status status, String updatedAt) {
    }

    public record PayinRefund(String id, long amountCents, String createdAt) {
    }

    public static ChargePayload of(ChargeSnapshot charge, EventType type) {
        RefundMode refundMode = charge.refundMode();
        return new ChargePayload(charge.id, charge.key, charge.ourNumber, charge.buyerName, charge.buyerDocument,
                charge.buyerEmail,
                charge.customNumber, Status.of(charge.status), typePayin(charge.method), charge.amountCents,
                charge.paidAmountCents, time(charge.paidAt), charge.paidLate, time(charge.expiresAt), time(charge.createdAt),
                charge.statusHistory.stream()
                        .map(h -> new StatusChange(Status.of(h.status()), time(h.updatedAt())))
                        .toList(),
                refundMode == null ? null : refundMode.name(),
                charge.refundedTotalCents,
                charge.refunds.stream().map(r -> new PayinRefund(r.id(), r.amountCents(), time(r.createdAt()))).toList(),
                charge.substatus(), charge.rejectReason, charge.currency, type.publicName(), charge.version);
    }

    /** Seed 004's {@code typePayin} words; {@code credit-card} is the seed's own. */
    static String typePayin(String method) {
        if (method == null) {
            return null;
        }
        return switch (method) {
            case "PIX" -> "pix";
            case "BOLETO" -> "boleto";
            case "CARD" -> "credit-card";
            default -> null;
        };
    }

    static String time(Instant instant) {
        return instant == null ? null : SEED_TIME.format(instant);
    }
}
