package dev.troco.kit.inbox;

import org.apache.avro.specific.SpecificRecord;

/** A decoded message handed to a {@link MessageHandler}, with where it came from. */
public record IncomingMessage(
        String messageId,
        String topic,
        int partition,
        long offset,
        String key,
        SpecificRecord payload,
        String traceparent) {
}
