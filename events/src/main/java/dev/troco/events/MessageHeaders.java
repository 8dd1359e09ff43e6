package dev.troco.events;

/** Kafka record header names that every Troco message carries or may carry. */
public final class MessageHeaders {

    /** The message id (event id or command id); consumers use it as their inbox key. */
    public static final String MESSAGE_ID = "troco-message-id";
    /** The message type, the Avro record's full name, e.g. {@code dev.troco.events.charge.ChargePaid}. */
    public static final String MESSAGE_TYPE = "troco-message-type";
    /** W3C Trace Context. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** On dead letters: why the consumer gave up, the consumer group, and where the message came from. */
    public static final String DLQ_REASON = "troco-dlq-reason";
    public static final String DLQ_CONSUMER = "troco-dlq-consumer";
    public static final String DLQ_ORIGINAL_TOPIC = "troco-dlq-original-topic";
    public static final String DLQ_ORIGINAL_PARTITION = "troco-dlq-original-partition";
    public static final String DLQ_ORIGINAL_OFFSET = "troco-dlq-original-offset";

    private MessageHeaders() {
    }
}
