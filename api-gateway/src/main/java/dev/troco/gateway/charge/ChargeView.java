package dev.troco.gateway.charge;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.common.Party;
import java.time.Instant;

/** A charge as the merchant API shows it; field names follow seed 004 where it has them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargeView(
        String id,
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
        long version) {

    /** Seed 004's status object. */
    public record Status(int id, String name) {
    }

    static ChargeView of(ChargeCreated created) {
        Party buyer = created.getBuyer();
        return new ChargeView(created.getMeta().getAggregateId(), new Status(1, "Created"),
                typePayin(created.getMethod().name()), created.getAmountCents(), created.getCurrency(),
                created.getCustomNumber(), created.getCallbackUrl(), created.getExpiresAt(),
                created.getMeta().getOccurredAt(), buyer == null ? null : buyer.getName(),
                buyer == null ? null : buyer.getDocument(), buyer == null ? null : buyer.getEmail(),
                created.getAppFeeCents(), created.getFeePayer().name().toLowerCase(java.util.Locale.ROOT),
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
