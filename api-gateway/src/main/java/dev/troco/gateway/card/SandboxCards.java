package dev.troco.gateway.card;

import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's documented test card numbers (README, "Card test numbers") and the outcome each
 * one gets from the simulated acquirer. Any other number is not a test card and is refused before
 * anything happens to the charge.
 */
public final class SandboxCards {

    /** What the simulated acquirer answers: a payment, a business decline (with its reason), or a technical error. */
    public record Outcome(Kind kind, String reason) {

        public enum Kind { APPROVED, DECLINED, ERROR }
    }

    public static final Map<String, Outcome> TEST_NUMBERS = Map.of(
            "4111111111111111", new Outcome(Outcome.Kind.APPROVED, null),
            "5555555555554444", new Outcome(Outcome.Kind.APPROVED, null),
            "4000000000000002", new Outcome(Outcome.Kind.DECLINED, "card_declined"),
            "4000000000009995", new Outcome(Outcome.Kind.DECLINED, "insufficient_funds"),
            "4000000000000069", new Outcome(Outcome.Kind.DECLINED, "expired_card"),
            "4000000000000127", new Outcome(Outcome.Kind.DECLINED, "incorrect_cvc"),
            "4000000000000119", new Outcome(Outcome.Kind.ERROR, "processing_error"));

    private SandboxCards() {
    }

    public static Optional<Outcome> outcome(CardNumber card) {
        return TEST_NUMBERS.entrySet().stream().filter(e -> card.is(e.getKey())).map(Map.Entry::getValue).findFirst();
    }
}
