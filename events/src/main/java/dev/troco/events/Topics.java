package dev.troco.events;

/**
 * Kafka topic names: {@code troco.<domain>.commands} and {@code troco.<domain>.events}, plus a
 * {@code .dlq} companion for messages a consumer could not handle. The record key is always the
 * aggregate id, so one aggregate's messages stay in order on one partition.
 */
public final class Topics {

    public static final String CHARGE_COMMANDS = "troco.charge.commands";
    public static final String CHARGE_EVENTS = "troco.charge.events";
    public static final String PAYOUT_COMMANDS = "troco.payout.commands";
    public static final String PAYOUT_EVENTS = "troco.payout.events";
    public static final String COMPLIANCE_COMMANDS = "troco.compliance.commands";
    public static final String COMPLIANCE_EVENTS = "troco.compliance.events";
    public static final String NOTIFICATION_COMMANDS = "troco.notification.commands";
    public static final String NOTIFICATION_EVENTS = "troco.notification.events";

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic of a topic. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
