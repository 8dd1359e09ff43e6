package dev.troco.charge.domain;

import dev.troco.events.charge.ChargeStatusName;

/**
 * The statuses of seed 004 as this service stores them. Their public ids and names, and which may follow which,
 * are the contract's table ({@link ChargeStatusName}): a transition not listed there is never applied.
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

    /** The contract's table of transitions ({@link ChargeStatusName#canBecome}). */
    public boolean canBecome(ChargeStatus next) {
        return publicName().canBecome(next.publicName());
    }
}
