package dev.troco.events.charge;

/**
 * Seed 004's charge statuses, with the ids and names its payload carries as {@code status: {id, name}}:
 * part of the public contract, so the charge-service (which decides them) and the notification-service
 * (which reports them) name them the same way.
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
}
