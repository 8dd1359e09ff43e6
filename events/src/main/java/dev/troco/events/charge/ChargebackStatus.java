package dev.troco.events.charge;

/**
 * Where a charge's dispute stands, as the charge answers it ({@code chargeback.status}): opened, or resolved for
 * one side. A chargeback never changes the charge's status; it shows in its {@link ChargeSubstatus}.
 */
public enum ChargebackStatus {
    OPEN,
    /** The payer got the money back: the merchant lost the dispute. */
    RESOLVED_FOR_CLIENT,
    /** The dispute ended in the merchant's favour: the money stays with the merchant. */
    RESOLVED_FOR_MERCHANT;

    /**
     * The status a {@code ChargeChargebackResolved} leaves: a resolution this reader does not know yet (written by a
     * newer producer) keeps the dispute open, so nothing is reported won or lost that was not.
     */
    public static ChargebackStatus resolvedBy(ChargebackResolution resolution) {
        return switch (resolution) {
            case IN_FAVOR_OF_CLIENT -> RESOLVED_FOR_CLIENT;
            case IN_FAVOR_OF_MERCHANT -> RESOLVED_FOR_MERCHANT;
            default -> OPEN;
        };
    }
}
