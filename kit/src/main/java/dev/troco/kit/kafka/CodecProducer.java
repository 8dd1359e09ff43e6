package dev.troco.kit.kafka;

import dev.troco.events.MessageCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link MessageCodec} per process: it knows every message type and released schema version. */
@Singleton
public class CodecProducer {

    @Produces
    @Singleton
    MessageCodec codec() {
        return MessageCodec.standard();
    }
}
