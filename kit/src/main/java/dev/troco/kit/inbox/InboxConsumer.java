package dev.troco.kit.inbox;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.UndecodableMessageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Consumes topics with at-least-once delivery and exactly-once effects: each message's handler
 * runs in one transaction with the insert of its id into the inbox table, so a redelivered
 * message finds its id and changes nothing. Offsets are committed only after the effect.
 *
 * <ul>
 *   <li>A message that cannot be decoded, or whose handler throws {@link PoisonMessageException},
 *       goes to {@code <topic>.dlq} with the reason in a header, and the partition moves on.</li>
 *   <li>A handler failing unexpectedly is retried with backoff, then dead-lettered after
 *       {@code troco.inbox.attempts-max} attempts.</li>
 *   <li>A database that cannot be reached stops the partition (retrying, never skipping) until it
 *       is back: those failures say nothing about the message.</li>
 *   <li>{@link #stop()} finishes the message in hand, commits, and leaves the group, so the
 *       partitions are handed to another replica at once.</li>
 * </ul>
 */
public final class InboxConsumer {

    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);
    private static final String CLAIM = """
            INSERT INTO inbox_message (consumer, message_id, topic, kafka_partition, kafka_offset, handled_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final int REASON_LENGTH_MAX = 2_000;

    private final String name;
    private final List<String> topics;
    private final MessageHandler handler;
    private final Map<String, Object> consumerConfig;
    private final DataSource dataSource;
    private final MessageCodec codec;
    private final Producer<String, byte[]> producer;
    private final InboxSettings settings;
    private final Clock clock;
    private final java.util.concurrent.CompletableFuture<Void> topicsReady;
    private final Counter handled;
    private final Counter duplicates;
    private final Counter deadLettered;
    private volatile boolean running = true;
    private final List<KafkaConsumer<String, byte[]>> consumers = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    InboxConsumer(String name, List<String> topics, MessageHandler handler, Map<String, Object> consumerConfig,
            DataSource dataSource, MessageCodec codec, Producer<String, byte[]> producer, InboxSettings settings,
            Clock clock, java.util.concurrent.CompletableFuture<Void> topicsReady, MeterRegistry metrics) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.consumerConfig = consumerConfig;
        this.dataSource = dataSource;
        this.codec = codec;
        this.producer = producer;
        this.settings = settings;
        this.clock = clock;
        this.topicsReady = topicsReady;
        this.handled = metrics.counter("troco.inbox.handled", "consumer", name);
        this.duplicates = metrics.counter("troco.inbox.duplicates", "consumer", name);
        this.deadLettered = metrics.counter("troco.inbox.dead.lettered", "consumer", name);
    }

    public String name() {
        return name;
    }

    /** Starts {@code troco.inbox.concurrency} threads, each a Kafka consumer of the same group. */
    synchronized void start() {
        int count = Math.max(1, settings.concurrency());
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(this::run, "troco-inbox-" + name + (count > 1 ? "-" + i : ""));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Finishes the messages in hand, commits their offsets and leaves the group. */
    public void stop(Duration wait) {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        if (!awaitTopics()) {
            return;
        }
        KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig);
        consumers.add(kafka);
        try (kafka) {
            if (!running) {
                return; // stopped while this thread was starting: stop() may have missed this consumer
            }
            kafka.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    LOG.debugf("%s: partitions revoked %s", name, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.infof("%s: consuming %s", name, partitions);
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = kafka.poll(Duration.ofMillis(settings.pollTimeoutMs()));
                } catch (WakeupException e) {
                    break;
                }
                for (TopicPartition partition : records.partitions()) {
                    if (!consumePartition(kafka, partition, records.records(partition))) {
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping while committing: the offsets not committed are redelivered, and the inbox drops them
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: consumer stopped unexpectedly", name);
        } finally {
            consumers.remove(kafka);
        }
    }

    /**
     * Handles a partition's records in order, in batches of up to {@code troco.inbox.batch-size-max} per
     * transaction (one at a time where a batch fails); false when stopping before the end.
     */
    private boolean consumePartition(KafkaConsumer<String, byte[]> kafka, TopicPartition partition,
            List<ConsumerRecord<String, byte[]>> records) {
        long nextOffset = -1;
        boolean complete = true;
        int batchSize = Math.max(1, settings.batchSizeMax());
        for (int from = 0; from < records.size() && complete; from += batchSize) {
            List<ConsumerRecord<String, byte[]>> batch = records.subList(from, Math.min(records.size(), from + batchSize));
            if (running && handleBatch(batch)) {
                nextOffset = batch.get(batch.size() - 1).offset() + 1;
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : batch) {
                if (!running || !handleWithRetries(record)) {
                    complete = false;
                    break;
                }
                nextOffset = record.offset() + 1;
            }
        }
        if (nextOffset >= 0) {
            try {
                kafka.commitSync(Map.of(partition, new OffsetAndMetadata(nextOffset)));
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                // e.g. the partition moved to another replica: it redelivers, the inbox drops duplicates
                LOG.warnf("%s: offset commit of %s failed: %s", name, partition, e.getMessage());
            }
        }
        if (!complete) {
            // make the next poll (of a later run) start at the first record not handled
            kafka.seek(partition, nextOffset >= 0 ? nextOffset : records.get(0).offset());
        }
        return complete;
    }

    /**
     * Handles several records in one transaction: true if all were handled (or recognised as duplicates) and
     * committed; false, with nothing applied, if any record is undecodable or anything failed, so the caller
     * handles them one at a time, where poison and failures are dealt with record by record.
     */
    private boolean handleBatch(List<ConsumerRecord<String, byte[]>> batch) {
        if (batch.size() < 2) {
            return false;
        }
        List<IncomingMessage> messages = new ArrayList<>(batch.size());
        for (ConsumerRecord<String, byte[]> record : batch) {
            try {
                messages.add(decode(record));
            } catch (PoisonMessageException e) {
                return false;
            }
        }
        try {
            int first = QuarkusTransaction.requiringNew().call(() -> {
                int claimed = 0;
                for (IncomingMessage message : messages) {
                    if (claim(message)) {
                        handler.handle(message);
                        claimed++;
                    }
                }
                return claimed;
            });
            handled.increment(first);
            duplicates.increment(messages.size() - first);
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("%s: a batch of %d failed (%s); handling its records one at a time", name, messages.size(),
                    e.toString());
            return false;
        }
    }

    /** True once the record is handled, recognised as a duplicate, or dead-lettered; false when stopping. */
    private boolean handleWithRetries(ConsumerRecord<String, byte[]> record) {
        long delay = settings.retryDelayInitialMs();
        int failures = 0;
        while (running) {
            try {
                handleOnce(record);
                return true;
            } catch (PoisonMessageException e) {
                return deadLetter(record, e.getMessage());
            } catch (RuntimeException e) {
                if (isUnreachableDatabase(e)) {
                    LOG.warnf("%s: database unreachable while handling %s-%d@%d; retrying in %d ms",
                            name, record.topic(), record.partition(), record.offset(), delay);
                } else if (++failures >= settings.attemptsMax()) {
                    LOG.errorf(e, "%s: giving up on %s-%d@%d after %d attempts", name,
                            record.topic(), record.partition(), record.offset(), failures);
                    return deadLetter(record, "failed " + failures + " times: " + e);
                } else {
                    LOG.warnf(e, "%s: attempt %d at %s-%d@%d failed; retrying in %d ms", name, failures,
                            record.topic(), record.partition(), record.offset(), delay);
                }
                sleep(delay);
                delay = Math.min(delay * 2, settings.retryDelayMaxMs());
            }
        }
        return false;
    }

    private IncomingMessage decode(ConsumerRecord<String, byte[]> record) {
        String messageId = header(record, MessageHeaders.MESSAGE_ID);
        if (messageId == null || messageId.isBlank()) {
            throw new PoisonMessageException("no " + MessageHeaders.MESSAGE_ID + " header");
        }
        SpecificRecord payload;
        try {
            payload = codec.decode(record.value());
        } catch (UndecodableMessageException e) {
            throw new PoisonMessageException("undecodable: " + e.getMessage(), e);
        }
        return new IncomingMessage(messageId, record.topic(), record.partition(), record.offset(),
                record.key(), payload, header(record, MessageHeaders.TRACEPARENT));
    }

    private void handleOnce(ConsumerRecord<String, byte[]> record) {
        IncomingMessage message = decode(record);
        boolean first = QuarkusTransaction.requiringNew().call(() -> {
            if (!claim(message)) {
                return false;
            }
            handler.handle(message);
            return true;
        });
        (first ? handled : duplicates).increment();
    }

    private boolean claim(IncomingMessage message) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(CLAIM)) {
            insert.setString(1, name);
            insert.setString(2, message.messageId());
            insert.setString(3, message.topic());
            insert.setInt(4, message.partition());
            insert.setLong(5, message.offset());
            insert.setTimestamp(6, Timestamp.from(clock.instant()));
            return insert.executeUpdate() == 1;
        }
    }

    /** Publishes the record unchanged to the dead-letter topic, with why; retries until the broker takes it. */
    private boolean deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        String why = reason == null ? "unknown" : reason.length() > REASON_LENGTH_MAX
                ? reason.substring(0, REASON_LENGTH_MAX) : reason;
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(MessageHeaders.DLQ_REASON, utf8(why));
        headers.add(MessageHeaders.DLQ_CONSUMER, utf8(name));
        headers.add(MessageHeaders.DLQ_ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(MessageHeaders.DLQ_ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(MessageHeaders.DLQ_ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.deadLetter(record.topic()), null,
                record.key(), record.value(), headers);
        long delay = settings.retryDelayInitialMs();
        while (running) {
            try {
                producer.send(dead).get(30, TimeUnit.SECONDS);
                deadLettered.increment();
                LOG.warnf("%s: dead-lettered %s-%d@%d: %s", name, record.topic(), record.partition(),
                        record.offset(), why);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException | TimeoutException | KafkaException e) {
                LOG.warnf("%s: cannot dead-letter yet (%s); retrying in %d ms", name, e.getMessage(), delay);
                sleep(delay);
                delay = Math.min(delay * 2, settings.retryDelayMaxMs());
            }
        }
        return false;
    }

    private boolean awaitTopics() {
        while (running) {
            try {
                topicsReady.get(1, TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException e) {
                // still provisioning; check whether we are stopping and wait again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.errorf(e, "%s: topics could not be provisioned", name);
                return false;
            }
        }
        return false;
    }

    static boolean isUnreachableDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
