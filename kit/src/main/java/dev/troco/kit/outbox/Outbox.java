package dev.troco.kit.outbox;

import dev.troco.events.MessageCodec;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.EventMetadata;
import dev.troco.kit.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Writes an event into the outbox table inside the caller's transaction, so the event exists if
 * and only if the state change that caused it commits. The relay publishes it after the commit.
 *
 * <p>Call it after locking (or version-checking) the aggregate that changed: transactions on one
 * aggregate then write its events in commit order, which is the order they are published in.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox_message
                (id, topic, aggregate_type, aggregate_id, message_type, payload, traceparent, tracestate, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final Object WAKE_REGISTERED = new Object();

    private final DataSource dataSource;
    private final MessageCodec codec;
    private final AfterCommit afterCommit;
    private final OutboxRelay relay;
    private final Clock clock;

    Outbox(DataSource dataSource, MessageCodec codec, AfterCommit afterCommit, OutboxRelay relay, Clock clock) {
        this.dataSource = dataSource;
        this.codec = codec;
        this.afterCommit = afterCommit;
        this.relay = relay;
        this.clock = clock;
    }

    /**
     * Adds a message to the outbox: an event (its {@code meta} is an {@link EventMetadata}) or a
     * command ({@link CommandMetadata}). The metadata gives the message id, the aggregate (the
     * record key) and the trace context.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, SpecificRecordBase message) {
        Object meta = message.get("meta");
        if (meta instanceof EventMetadata event) {
            insert(topic, message, event.getEventId(), event.getAggregateType(), event.getAggregateId(),
                    event.getTraceparent(), event.getTracestate());
        } else if (meta instanceof CommandMetadata command) {
            insert(topic, message, command.getCommandId(), aggregateTypeOf(message), command.getAggregateId(),
                    command.getTraceparent(), command.getTracestate());
        } else {
            throw new IllegalArgumentException(message.getClass().getName() + " has no 'meta' metadata field");
        }
        wakeRelayAfterCommit();
    }

    private void insert(String topic, SpecificRecordBase message, UUID id, String aggregateType, String aggregateId,
            String traceparent, String tracestate) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, id);
            insert.setString(2, topic);
            insert.setString(3, aggregateType);
            insert.setString(4, aggregateId);
            insert.setString(5, message.getSchema().getFullName());
            insert.setBytes(6, codec.encode(message));
            insert.setString(7, traceparent);
            insert.setString(8, tracestate);
            insert.setTimestamp(9, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the outbox", e);
        }
    }

    /** {@code dev.troco.events.charge.CreateCharge} is about a {@code charge}. */
    private static String aggregateTypeOf(SpecificRecordBase message) {
        String namespace = message.getSchema().getNamespace();
        return namespace.substring(namespace.lastIndexOf('.') + 1);
    }

    /** Publishing promptly: the relay is woken as soon as the transaction commits, not at its next poll. */
    private void wakeRelayAfterCommit() {
        afterCommit.runOnce(WAKE_REGISTERED, relay::wake);
    }
}
