package dev.troco.kit.inbox;

import dev.troco.events.MessageCodec;
import dev.troco.kit.kafka.KafkaClients;
import dev.troco.kit.kafka.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
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

    private static final Logger LOG = Logger.getLogger(InboxConsumers.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);
    private static final int PRUNE_BATCH_SIZE = 5_000;
    private static final String PRUNE_BATCH = "DELETE FROM inbox_message WHERE (consumer, message_id) IN ("
            + "SELECT consumer, message_id FROM inbox_message WHERE handled_at < ? LIMIT " + PRUNE_BATCH_SIZE + ")";

    private final KafkaClients clients;
    private final DataSource dataSource;
    private final MessageCodec codec;
    private final Producer<String, byte[]> producer;
    private final InboxSettings settings;
    private final Clock clock;
    private final TopicProvisioner topics;
    private final MeterRegistry metrics;
    private final List<InboxConsumer> running = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pruner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "troco-inbox-pruner");
        thread.setDaemon(true);
        return thread;
    });

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

    /** Forgets handled message ids older than the retention, in small batches, once an hour. */
    void startPruning(@Observes StartupEvent event) {
        pruner.scheduleWithFixedDelay(this::prune, 1, 60, TimeUnit.MINUTES);
    }

    void prune() {
        Instant cutoff = clock.instant().minus(settings.retentionDays(), ChronoUnit.DAYS);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(PRUNE_BATCH)) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            int deleted;
            do {
                deleted = delete.executeUpdate();
            } while (deleted == PRUNE_BATCH_SIZE);
        } catch (SQLException e) {
            LOG.warnf("cannot prune the inbox now: %s", e.getMessage());
        }
    }

    void stopAll(@Observes @Priority(1000) ShutdownEvent event) {
        pruner.shutdownNow();
        for (InboxConsumer consumer : running) {
            consumer.stop(STOP_WAIT);
        }
        running.clear();
    }
}
