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
        FeePayer feePayer,
        @Valid Card card) {

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

    /**
     * The card of a {@code credit-card} charge, tokenized by the gateway on receipt: only brand, last
     * four digits, expiry and holder go further. {@link #toString()} never shows the number or CVC.
     */
    public record Card(
            @NotBlank @Size(max = 23) String number,
            @NotNull @jakarta.validation.constraints.Min(1) @Max(12) Integer expMonth,
            @NotNull @jakarta.validation.constraints.Min(2000) @Max(2099) Integer expYear,
            @NotBlank @Pattern(regexp = "[0-9]{3,4}", message = "must be 3 or 4 digits") String cvc,
            @Size(max = 100) String holderName) {

        /** The same card for request hashing (idempotency): the number cut to its last four digits, no CVC. */
        Card masked() {
            String digits = number == null ? "" : number.replaceAll("[^0-9]", "");
            return new Card(digits.length() < 4 ? "" : digits.substring(digits.length() - 4), expMonth, expYear, null,
                    holderName);
        }

        @Override
        public String toString() {
            return "Card[redacted]";
        }
    }

    /** This request with its card masked: what is hashed for idempotency, so no card number is ever stored. */
    ChargeRequest forHashing() {
        return card == null ? this : new ChargeRequest(method, callbackUrl, customNumber, title, buyer, sender, currency,
                appFeeCents, feePayer, card.masked());
    }

    public record Party(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 18) String document,
            @Email @Size(max = 254) String email,
            @Size(max = 20) @Pattern(regexp = "\\+?[0-9]{8,15}", message = "must be digits, E.164 with an optional +")
            String phone) {
    }
}
