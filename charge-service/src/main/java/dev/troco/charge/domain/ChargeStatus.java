package dev.troco.charge.domain;

import dev.troco.events.charge.ChargeStatusName;
import java.util.EnumSet;
import java.util.Set;

/**
 * The statuses of seed 004, and which status may follow which. A transition not listed here is
 * never applied. Their public ids and names are the contract's ({@link ChargeStatusName}).
 */
public enum ChargeStatus {
    CREATED,
    PAID,
    REJECTED,
    CANCELED,
    REFUNDED,
    EXPIRED;

    public int id() {
        return publicName().id();
    }

    public String displayName() {
        return publicName().displayName();
    }

    private ChargeStatusName publicName() {
        return ChargeStatusName.valueOf(name());
    }

    public boolean canBecome(ChargeStatus next) {
        return successors().contains(next);
    }

    private Set<ChargeStatus> successors() {
        return switch (this) {
            case CREATED -> EnumSet.of(PAID, REJECTED, CANCELED, EXPIRED);
            case PAID -> EnumSet.of(REFUNDED);
            // a boleto or PIX paid after its due date: the payer's bank took the money, so it is accounted for
            case EXPIRED -> EnumSet.of(PAID);
            case REJECTED, CANCELED, REFUNDED -> EnumSet.noneOf(ChargeStatus.class);
        };
    }
}
