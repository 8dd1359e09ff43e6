package dev.troco.charge.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The statuses of seed 004 with their numeric ids, and which status may follow which. A transition
 * not listed here is never applied.
 */
public enum ChargeStatus {
    CREATED(1, "Created"),
    PAID(2, "Paid"),
    REJECTED(3, "Rejected"),
    CANCELED(4, "Canceled"),
    REFUNDED(5, "Refunded"),
    EXPIRED(6, "Expired");

    private final int id;
    private final String displayName;

    ChargeStatus(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public int id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public boolean canBecome(ChargeStatus next) {
        return successors().contains(next);
    }

    private Set<ChargeStatus> successors() {
        return switch (this) {
            case CREATED -> EnumSet.of(PAID, REJECTED, CANCELED, EXPIRED);
            case PAID -> EnumSet.of(REFUNDED);
            case REJECTED, CANCELED, REFUNDED, EXPIRED -> EnumSet.noneOf(ChargeStatus.class);
        };
    }
}
