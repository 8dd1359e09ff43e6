package dev.troco.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.troco.notification.event.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * The bytes a webhook sends. A charge event sends its data as it is, seed 004's payload, which
 * merchants already integrate with; any other event sends Troco's envelope
 * {@code {id, type, createdAt, data}}, the same shape the events API answers with.
 */
public final class WebhookBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEED_004_AGGREGATE = "charge";

    private WebhookBody() {
    }

    public static byte[] of(StoredEvent event) {
        if (SEED_004_AGGREGATE.equals(event.aggregateType())) {
            return event.data().getBytes(StandardCharsets.UTF_8);
        }
        try {
            ObjectNode envelope = JSON.createObjectNode()
                    .put("id", event.publicId())
                    .put("type", event.type().publicName())
                    .put("createdAt", DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
            envelope.set("data", JSON.readTree(event.data()));
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + event.id() + " has unreadable data", e);
        }
    }
}
