package dev.troco.gateway.charge;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One charge of {@code POST /v1/charges/batch}, with its own idempotency key. */
public record ChargeBatchItem(
        @Size(min = 1, max = 255) @Pattern(regexp = "[\\x21-\\x7E]+",
                message = "must be 1-255 printable ASCII characters without spaces") String idempotencyKey,
        @NotNull @Valid ChargeRequest charge) {
}
