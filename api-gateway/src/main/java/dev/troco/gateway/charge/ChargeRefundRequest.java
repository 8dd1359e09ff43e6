package dev.troco.gateway.charge;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/charges/{id}/refunds}: without an amount, what is left of the paid amount is refunded. */
public record ChargeRefundRequest(
        @Positive @Max(ChargeRequest.AMOUNT_MAX_CENTS) Long amountCents,
        @Size(max = 200) String reason) {
}
