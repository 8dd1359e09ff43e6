package dev.troco.kit.outbox;

import dev.troco.events.MessageHeaders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes them once every broker in sync has
 * them ({@code acks=all}). One relay publishes at a time across all replicas of a service (a
 * PostgreSQL advisory lock), which keeps each aggregate's events in order.
 *
 * <p>Failure handling: a round either publishes and deletes its whole batch or rolls back and is
 * retried with exponential backoff, starting again from the oldest unsent row. A retried round
 * may publish an event twice (the broker acknowledged it but the round failed later); consumers
 * drop the copy by its message id. While Kafka is away, rows wait in the table.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key shared by every replica of a service ("troco-outbox" in ASCII). */
    private static final long RELAY_LOCK = 0x74726f636f6f7574L;
    private static final String SELECT_BATCH = """
            SELECT position, id, topic, aggregate_id, message_type, payload, traceparent, tracestate
            FROM outbox_message ORDER BY position LIMIT ?""";
    private static final String DELETE_UP_TO = "DELETE FROM outbox_message WHERE position = ANY (?)";
    private static final String BACKLOG = "SELECT count(*), min(created_at) FROM outbox_message";
    private static final long STOP_WAIT_MS = 15_000;

    private final DataSource dataSource;
    private final Producer<String, byte[]> producer;
    private final OutboxSettings settings;
    private final Clock clock;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestCreatedAtMillis = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private java.util.concurrent.ScheduledExecutorService metricsRefresher;
    private final MeterRegistry metrics;
    private final java.util.List<io.micrometer.core.instrument.Meter> gauges = new java.util.ArrayList<>();

    OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, OutboxSettings settings, Clock clock,
            MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        gauges.add(Gauge.builder("troco.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet acknowledged by Kafka")
                .register(metrics));
        gauges.add(Gauge.builder("troco.outbox.oldest.age.seconds", this, OutboxRelay::oldestAgeSeconds)
                .description("Age of the oldest unsent outbox row, 0 when none")
                .baseUnit("seconds")
                .register(metrics));
        gauges.add(Gauge.builder("troco.outbox.published", published, AtomicLong::get)
                .description("Events this process has published since it started")
                .register(metrics));
    }

    void start(@Observes StartupEvent event) {
        if (!settings.relayEnabled()) {
            LOG.info("outbox relay disabled in this process");
            return;
        }
        running = true;
        // Its own thread: the relay may wait on Kafka for a while, exactly when the backlog matters.
        metricsRefresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "troco-outbox-metrics");
            t.setDaemon(true);
            return t;
        });
        metricsRefresher.scheduleWithFixedDelay(this::refreshMetrics, 0, settings.metricsRefreshMs(),
                TimeUnit.MILLISECONDS);
        Thread relay = new Thread(this::run, "troco-outbox-relay");
        relay.setDaemon(true);
        thread = relay;
        relay.start();
    }

    /** Runs after the consumers stopped (their observers have a lower priority), to publish their last events. */
    void stop(@Observes @Priority(2000) ShutdownEvent event) {
        // The gauges only weakly reference this relay. Micrometer's global registry outlives an application
        // (tests run several in one JVM): left registered, a gauge of a stopped relay would keep the name,
        // and the next application's relay could not register its own.
        gauges.forEach(metrics::remove);
        Thread relay = thread;
        if (relay == null) {
            return;
        }
        running = false;
        metricsRefresher.shutdownNow();
        wake();
        try {
            relay.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the relay to look for rows now (called after a commit that wrote some). */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    double oldestAgeSeconds() {
        long oldest = oldestCreatedAtMillis.get();
        return oldest == 0 ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }

    private void run() {
        long retryDelay = settings.retryDelayInitialMs();
        while (running) {
            try {
                wakeUps.tryAcquire(settings.pollIntervalMs(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                drain();
                retryDelay = settings.retryDelayInitialMs();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("outbox relay round failed (%s); retrying in %d ms", describe(e), retryDelay);
                sleepQuietly(retryDelay);
                retryDelay = Math.min(retryDelay * 2, settings.retryDelayMaxMs());
            }
        }
        // Last drain on the way out, so events of work finished during shutdown leave now.
        try {
            drain();
        } catch (Exception e) {
            LOG.warnf("outbox rows left for the next start: %s", describe(e));
        }
    }

    /** Publishes batches until the table is empty or another replica holds the relay lock. */
    private void drain() throws Exception {
        while (true) {
            int sent = publishOneBatch();
            if (sent < settings.batchSizeMax()) {
                return;
            }
        }
    }

    private int publishOneBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!tryRelayLock(connection)) {
                    connection.rollback();
                    return 0;
                }
                List<Long> positions = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
                    select.setInt(1, settings.batchSizeMax());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            positions.add(rows.getLong(1));
                            acks.add(producer.send(record(rows)));
                        }
                    }
                }
                if (positions.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                try (PreparedStatement delete = connection.prepareStatement(DELETE_UP_TO)) {
                    delete.setArray(1, connection.createArrayOf("bigint", positions.toArray()));
                    delete.executeUpdate();
                }
                connection.commit();
                published.addAndGet(positions.size());
                return positions.size();
            } catch (Exception e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private static ProducerRecord<String, byte[]> record(ResultSet row) throws SQLException {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_ID, utf8(row.getObject(2, UUID.class).toString()));
        headers.add(MessageHeaders.MESSAGE_TYPE, utf8(row.getString(5)));
        String traceparent = row.getString(7);
        if (traceparent != null) {
            headers.add(MessageHeaders.TRACEPARENT, utf8(traceparent));
        }
        String tracestate = row.getString(8);
        if (tracestate != null) {
            headers.add(MessageHeaders.TRACESTATE, utf8(tracestate));
        }
        return new ProducerRecord<>(row.getString(3), null, row.getString(4), row.getBytes(6), headers);
    }

    private static boolean tryRelayLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Every {@code metricsRefreshMs}, off the relay's path: a count per round would cost the hot path. */
    private void refreshMetrics() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(BACKLOG);
                ResultSet result = query.executeQuery()) {
            if (result.next()) {
                backlog.set(result.getLong(1));
                Timestamp oldest = result.getTimestamp(2);
                oldestCreatedAtMillis.set(oldest == null ? 0 : oldest.getTime());
            }
        } catch (SQLException e) {
            LOG.debugf("cannot refresh outbox metrics: %s", e.getMessage());
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " caused by " + root;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is broken; closing it discards the transaction anyway
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
