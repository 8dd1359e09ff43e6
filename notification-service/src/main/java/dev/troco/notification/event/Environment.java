package dev.troco.notification.event;

/** Which of a company's two worlds an event, endpoint or delivery belongs to; they never mix. */
public enum Environment {
    SANDBOX,
    PRODUCTION;

    public static Environment of(dev.troco.events.common.Environment contract) {
        return valueOf(contract.name());
    }
}
