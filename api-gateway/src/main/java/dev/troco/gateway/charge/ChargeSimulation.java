package dev.troco.gateway.charge;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/charges/{id}/simulate} (sandbox): what the simulated acquirer reports. */
public record ChargeSimulation(
        @NotNull Outcome outcome,
        @Positive Long paidAmountCents,
        @Size(max = 64) String reasonCode) {

    public enum Outcome {
        /** The payer paid; {@code paidAmountCents} less than the amount simulates a partial payment. */
        @JsonProperty("paid") PAID,
        /**
         * A PIX or boleto charge paid after its due date ({@code paidAmountCents} as for {@code paid}): a Created
         * charge expires first, an Expired one becomes Paid; {@code payin_substatus} becomes {@code paid_late}.
         */
        @JsonProperty("paid_late") PAID_LATE,
        /** The acquirer declined; {@code reasonCode} says why. */
        @JsonProperty("rejected") REJECTED,
        /** The expiry date passed unpaid. */
        @JsonProperty("expired") EXPIRED,
        /** The payer disputes a paid charge with the issuer; {@code reasonCode} says why. */
        @JsonProperty("chargeback_initiated") CHARGEBACK_INITIATED,
        /** The open dispute ends in the payer's favor (the merchant loses the amount). */
        @JsonProperty("chargeback_resolved_for_client") CHARGEBACK_RESOLVED_FOR_CLIENT,
        /** The open dispute ends in the merchant's favor. */
        @JsonProperty("chargeback_resolved_for_merchant") CHARGEBACK_RESOLVED_FOR_MERCHANT
    }
}
