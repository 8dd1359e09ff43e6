package dev.troco.kit.inbox;

import dev.troco.events.MessageCodec;
import dev.troco.kit.kafka.KafkaClients;
import dev.troco.kit.kafka.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;

/**
 * Starts a service's {@link InboxConsumer}s and stops them first at shutdown, before the outbox
 * relay publishes what they produced.
 */
@ApplicationScoped
public class InboxConsumers {

    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final KafkaClients clients;
    private final DataSource dataSource;
    private final MessageCodec codec;
    private final Producer<String, byte[]> producer;
    private final InboxSettings settings;
    private final Clock clock;
    private final TopicProvisioner topics;
    private final MeterRegistry metrics;
    private final List<InboxConsumer> running = new CopyOnWriteArrayList<>();

    InboxConsumers(KafkaClients clients, DataSource dataSource, MessageCodec codec, Producer<String, byte[]> producer,
            InboxSettings settings, Clock clock, TopicProvisioner topics, MeterRegistry metrics) {
        this.clients = clients;
        this.dataSource = dataSource;
        this.codec = codec;
        this.producer = producer;
        this.settings = settings;
        this.clock = clock;
        this.topics = topics;
        this.metrics = metrics;
    }

    /**
     * Starts consuming {@code topicNames} as consumer group {@code name} (also the inbox's
     * consumer name: two consumers of one message id keep separate records).
     */
    public InboxConsumer start(String name, List<String> topicNames, MessageHandler handler) {
        InboxConsumer consumer = new InboxConsumer(name, topicNames, handler, clients.consumerConfig(name),
                dataSource, codec, producer, settings, clock, topics.ready(), metrics);
        running.add(consumer);
        consumer.start();
        return consumer;
    }

    void stopAll(@Observes @Priority(1000) ShutdownEvent event) {
        for (InboxConsumer consumer : running) {
            consumer.stop(STOP_WAIT);
        }
        running.clear();
    }
}
