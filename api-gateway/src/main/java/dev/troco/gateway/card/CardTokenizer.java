package dev.troco.gateway.card;

import dev.troco.events.common.CardToken;
import dev.troco.events.common.Environment;
import dev.troco.kit.id.Ids;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Turns card data received by the gateway into a token on the spot: the number is checked (length,
 * Luhn), its brand and last four digits kept, and the number forgotten; the CVC is only checked for
 * form. What travels on (Kafka, databases, logs) is the {@link CardToken}. No acquirer is connected
 * yet, so production card charges are refused; in the sandbox the documented test numbers decide
 * the simulated acquirer's answer ({@link SandboxCards}).
 */
public final class CardTokenizer {

    /** The token, and in the sandbox what the simulated acquirer will answer. */
    public record Tokenized(CardToken token, SandboxCards.Outcome sandboxOutcome) {
    }

    private CardTokenizer() {
    }

    /** The token of a card already checked: a new id, the brand, the last four digits, the expiry and the holder. */
    public static CardToken token(CardNumber card, int expMonth, int expYear, String holderName) {
        return CardToken.newBuilder()
                .setToken(Ids.next("tok"))
                .setBrand(card.brand())
                .setLast4(card.last4())
                .setExpMonth(expMonth)
                .setExpYear(expYear)
                .setHolderName(holderName)
                .build();
    }

    public static Tokenized tokenize(String number, int expMonth, int expYear, String holderName,
            Environment environment, Instant now) {
        CardNumber card = CardNumber.parse(number).orElseThrow(() -> ApiException.invalidField("card.number",
                "invalid_card_number", "must be a card number of 12 to 19 digits with a valid check digit"));
        try {
            if (YearMonth.of(expYear, expMonth).isBefore(YearMonth.from(now.atZone(ZoneOffset.UTC)))) {
                throw ApiException.invalidField("card.expYear", "card_expired", "the card has expired");
            }
            if (environment != Environment.SANDBOX) {
                throw new ApiException(ProblemCode.UNPROCESSABLE,
                        "Card charges need an acquirer, which Troco does not connect to yet; in the sandbox, "
                                + "documented test card numbers simulate one");
            }
            SandboxCards.Outcome outcome = SandboxCards.outcome(card).orElseThrow(() -> ApiException.invalidField(
                    "card.number", "unknown_test_card", "in the sandbox, use one of the documented test card numbers"));
            return new Tokenized(token(card, expMonth, expYear, holderName), outcome);
        } finally {
            card.forget();
        }
    }
}
