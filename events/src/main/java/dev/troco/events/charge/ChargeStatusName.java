package dev.troco.events.charge;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 004's charge statuses, with the ids and names its payload carries as {@code status: {id, name}}, and which
 * status may follow which: part of the public contract, one table that the charge-service (which decides the
 * statuses), the gateway and the notification-service (which report them) all read.
 */
public enum ChargeStatusName {
    CREATED(1, "Created"),
    PAID(2, "Paid"),
    REJECTED(3, "Rejected"),
    CANCELED(4, "Canceled"),
    REFUNDED(5, "Refunded"),
    EXPIRED(6, "Expired");

    private final int id;
    private final String displayName;

    ChargeStatusName(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public int id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The status whose seed name this is ({@code "Paid"}), if any. */
    public static Optional<ChargeStatusName> ofDisplayName(String name) {
        return Arrays.stream(values()).filter(status -> status.displayName.equals(name)).findFirst();
    }

    /** Whether a charge in this status may move to {@code next}; a transition not listed here is never applied. */
    public boolean canBecome(ChargeStatusName next) {
        return successors().contains(next);
    }

    private Set<ChargeStatusName> successors() {
        return switch (this) {
            case CREATED -> EnumSet.of(PAID, REJECTED, CANCELED, EXPIRED);
            // refunded once nothing is left to refund; a partial refund keeps the charge Paid
            case PAID -> EnumSet.of(REFUNDED);
            // a boleto or PIX paid after its due date (a late payment): the payer's bank took the money
            case EXPIRED -> EnumSet.of(PAID);
            case REJECTED, CANCELED, REFUNDED -> EnumSet.noneOf(ChargeStatusName.class);
        };
    }
}
