package dev.troco.gateway.messaging;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.UndecodableMessageException;
import dev.troco.events.common.EventMetadata;
import dev.troco.kit.kafka.KafkaClients;
import dev.troco.kit.kafka.TopicProvisioner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Lets a request wait a bounded time for the owning service's answer to the command it sent.
 * Each gateway replica reads the event topics from their end in a consumer group of its own
 * (every replica sees every event; none commits anything), and completes the waits registered
 * for an aggregate id. Register before publishing the command, so the answer cannot slip past.
 */
@ApplicationScoped
public class EventWaiter {

    private static final Logger LOG = Logger.getLogger(EventWaiter.class);
    private static final List<String> TOPICS = List.of(Topics.CHARGE_EVENTS);

    private final KafkaClients clients;
    private final MessageCodec codec;
    private final TopicProvisioner topics;
    private final Map<String, List<Waiting>> waiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> assigned = new CompletableFuture<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    EventWaiter(KafkaClients clients, MessageCodec codec, TopicProvisioner topics) {
        this.clients = clients;
        this.codec = codec;
        this.topics = topics;
    }

    /** One request's wait: for a version above {@code afterVersion}, or (when set) for the answer to its command. */
    private record Waiting(long afterVersion, String commandId, CompletableFuture<SpecificRecord> future) {

        boolean answeredBy(EventMetadata meta, long version) {
            return commandId != null ? meta != null && commandId.equals(meta.getCausationId())
                    : version > afterVersion;
        }
    }

    /**
     * A future completed by the first event of the aggregate with a version above
     * {@code afterVersion}; cancel it (or let it time out) when done. Several requests may wait on
     * one aggregate.
     */
    public CompletableFuture<SpecificRecord> register(String aggregateId, long afterVersion) {
        return register(aggregateId, new Waiting(afterVersion, null, new CompletableFuture<>()));
    }

    /**
     * A future completed by the event that answers this command: the one whose causation is the
     * command's id, whether it changed the aggregate or refused the command. Another request's event
     * on the same aggregate (a concurrent refund) does not complete it.
     */
    public CompletableFuture<SpecificRecord> registerAnswerTo(String aggregateId, UUID commandId) {
        return register(aggregateId, new Waiting(Long.MAX_VALUE, commandId.toString(), new CompletableFuture<>()));
    }

    private CompletableFuture<SpecificRecord> register(String aggregateId, Waiting entry) {
        waiting.computeIfAbsent(aggregateId, id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(entry);
        entry.future().whenComplete((event, error) -> waiting.computeIfPresent(aggregateId, (id, list) -> {
            list.remove(entry);
            return list.isEmpty() ? null : list;
        }));
        return entry.future();
    }

    /** Completes once this replica reads the event topics (tests wait for it before sending commands). */
    public CompletableFuture<Void> ready() {
        return assigned;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "troco-event-waiter");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        try {
            topics.ready().get();
        } catch (Exception e) {
            LOG.warnf("event waiter not started: %s", e.getMessage());
            return;
        }
        Map<String, Object> config = new java.util.HashMap<>(clients.consumerConfig("api-gateway-waiter-" + UUID.randomUUID()));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config)) {
            consumer = kafka;
            kafka.subscribe(TOPICS, new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                    // nothing committed, nothing to hand over
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                    // resolve the "latest" position now, so events from here on are seen
                    p.forEach(kafka::position);
                    assigned.complete(null);
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    List<Waiting> waits = record.key() == null ? null : waiting.get(record.key());
                    if (waits != null) {
                        complete(waits, record);
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.errorf(e, "event waiter stopped");
        } finally {
            consumer = null;
        }
    }

    private void complete(List<Waiting> waits, ConsumerRecord<String, byte[]> record) {
        try {
            SpecificRecord event = codec.decode(record.value());
            EventMetadata meta = event instanceof org.apache.avro.specific.SpecificRecordBase base
                    && base.get("meta") instanceof EventMetadata m ? m : null;
            long version = meta == null ? Long.MAX_VALUE : meta.getAggregateVersion();
            for (Waiting wait : waits) {
                if (wait.answeredBy(meta, version)) {
                    wait.future().complete(event);
                }
            }
        } catch (UndecodableMessageException e) {
            Header type = record.headers().lastHeader(MessageHeaders.MESSAGE_TYPE);
            LOG.warnf("cannot read event %s of %s: %s",
                    type == null ? "?" : new String(type.value(), StandardCharsets.UTF_8), record.key(), e.getMessage());
        }
    }
}
