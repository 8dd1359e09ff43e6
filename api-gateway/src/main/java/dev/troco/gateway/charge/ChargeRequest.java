package dev.troco.gateway.charge;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /v1/charges}: the request shape of seed 004 ({@code callbackUrl}, {@code customNumber},
 * {@code title}, {@code buyer}, {@code sender}) plus the payment method and seed 002's fee fields.
 */
public record ChargeRequest(
        @NotNull Method method,
        @Size(max = 2048) String callbackUrl,
        @Size(max = 64) @Pattern(regexp = "[\\x20-\\x7E]*", message = "must be printable ASCII") String customNumber,
        @NotNull @Valid Title title,
        @NotNull @Valid Party buyer,
        @Valid Party sender,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as BRL") String currency,
        @PositiveOrZero @Max(AMOUNT_MAX_CENTS) Long appFeeCents,
        FeePayer feePayer) {

    /** The largest amount a boleto can carry (10 digits of cents); the same bound for every method. */
    public static final long AMOUNT_MAX_CENTS = 9_999_999_999L;

    public enum Method {
        @JsonProperty("pix") PIX,
        @JsonProperty("boleto") BOLETO,
        @JsonProperty("credit-card") CREDIT_CARD
    }

    /** Seed 002's fee_payer values. */
    public enum FeePayer {
        @JsonProperty("payee_from_app") PAYEE_FROM_APP,
        @JsonProperty("payer_from_app") PAYER_FROM_APP,
        @JsonProperty("payee") PAYEE,
        @JsonProperty("payer") PAYER
    }

    public record Title(
            @NotBlank @Size(max = 40) String expireDate,
            @NotNull @Positive @Max(AMOUNT_MAX_CENTS) Long amountInCents,
            @Size(max = 500) String instructions) {
    }

    public record Party(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 18) String document,
            @Email @Size(max = 254) String email,
            @Size(max = 20) @Pattern(regexp = "\\+?[0-9]{8,15}", message = "must be digits, E.164 with an optional +")
            String phone) {
    }
}
