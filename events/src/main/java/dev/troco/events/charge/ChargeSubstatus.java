package dev.troco.events.charge;

/**
 * Seed 004's {@code payin_substatus}: what the status alone does not say. One table, so that the charge (GET), its
 * webhooks, its IPNs and its e-mails name a dispute and a late payment the same way; null when there is nothing
 * to add (a declined charge says why in {@code rejectReason}, not here).
 */
public enum ChargeSubstatus {
    /** Paid after its due date. */
    PAID_LATE("paid_late"),
    /** A chargeback is open: refunds wait until it ends. */
    CHARGEBACK_OPEN("chargeback_open"),
    /** The chargeback was resolved for the payer: the money went back to them. */
    CHARGEBACK_LOST("chargeback_lost"),
    /** The chargeback was resolved for the merchant. */
    CHARGEBACK_WON("chargeback_won");

    private final String publicName;

    ChargeSubstatus(String publicName) {
        this.publicName = publicName;
    }

    public String publicName() {
        return publicName;
    }

    /** A charge's substatus; a dispute says more than a late payment, so it wins. Null for none. */
    public static ChargeSubstatus of(boolean paidLate, ChargebackStatus chargeback) {
        if (chargeback != null) {
            return switch (chargeback) {
                case OPEN -> CHARGEBACK_OPEN;
                case RESOLVED_FOR_CLIENT -> CHARGEBACK_LOST;
                case RESOLVED_FOR_MERCHANT -> CHARGEBACK_WON;
            };
        }
        return paidLate ? PAID_LATE : null;
    }

    /** {@link #of} as the public word, or null. */
    public static String publicNameOf(boolean paidLate, ChargebackStatus chargeback) {
        ChargeSubstatus substatus = of(paidLate, chargeback);
        return substatus == null ? null : substatus.publicName;
    }
}
