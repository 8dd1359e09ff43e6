package dev.troco.events.charge;

/** Seed 004's {@code refundMode}: how much of a paid charge went back to the payer (null while nothing did). */
public enum RefundMode {
    FULL_REFUND_CLIENT,
    PARTIAL_REFUND_CLIENT;

    /** From what was refunded and whether anything is left to refund; null when nothing was refunded. */
    public static RefundMode of(long refundedCents, boolean fullyRefunded) {
        if (refundedCents == 0) {
            return null;
        }
        return fullyRefunded ? FULL_REFUND_CLIENT : PARTIAL_REFUND_CLIENT;
    }
}
