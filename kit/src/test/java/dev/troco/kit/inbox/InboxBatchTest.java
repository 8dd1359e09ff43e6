package dev.troco.kit.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.charge.CancelCharge;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import dev.troco.testing.TestKafka;
import dev.troco.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several records of a partition are handled in one transaction; a batch holding poison or a failing record is
 * rolled back as a whole and its records handled one at a time — each effect exactly once, poison dead-lettered.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "kit"))
class InboxBatchTest {

    private static final String TOPIC = "kit.batch-test";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final MessageCodec CODEC = MessageCodec.standard();

    private static KafkaProducer<String, byte[]> producer;
    private static TopicProbe deadLetters;
    private static final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    private static final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    @Inject
    DataSource dataSource;

    @Inject
    InboxConsumers consumers;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                // one produce request for the whole burst, so the consumer's poll sees it at once
                ProducerConfig.LINGER_MS_CONFIG, 200,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        deadLetters = TopicProbe.read(TOPIC + ".dlq");
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        deadLetters.close();
    }

    @Test
    void burstsAreHandledInSharedTransactionsAndFailuresFallBackToOneAtATime() throws Exception {
        createEffectTable();
        consumers.start("batch-test", List.of(TOPIC), message -> {
            attempts.merge(message.messageId(), 1, Integer::sum);
            if (failOnce.remove(message.messageId())) {
                throw new IllegalStateException("failing once on purpose");
            }
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO batch_effect (message_id, txid) VALUES (?, txid_current())")) {
                insert.setString(1, message.messageId());
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        // 1. A clean burst: handled in shared transactions.
        List<String> clean = ids("clean", 30);
        clean.forEach(id -> send(id, valid(id)));
        producer.flush();
        await().atMost(DEADLINE).until(() -> effects(clean).size() == clean.size());
        Map<String, Long> txids = effects(clean);
        assertThat(txids.values().stream().distinct().count())
                .as("30 records of one partition sent at once share transactions").isLessThan(clean.size());

        // 2. A burst with poison and a duplicate: the batch falls back; effects once each, poison dead-lettered.
        List<String> mixed = ids("mixed", 8);
        String poisonId = "poison-" + UUID.randomUUID();
        for (int i = 0; i < mixed.size(); i++) {
            send(mixed.get(i), valid(mixed.get(i)));
            if (i == 3) {
                send(poisonId, "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8));
                send(mixed.get(1), valid(mixed.get(1))); // a redelivered copy
            }
        }
        producer.flush();
        await().atMost(DEADLINE).until(() -> effects(mixed).size() == mixed.size());
        await().atMost(DEADLINE).until(() -> deadLetters.recordsWithKey("k").size() == 1);
        assertThat(new String(deadLetters.recordsWithKey("k").get(0).headers()
                .lastHeader(MessageHeaders.MESSAGE_ID).value(), StandardCharsets.UTF_8)).isEqualTo(poisonId);

        // 3. A burst where one record's handler fails once: rolled back together, then one at a time.
        List<String> flaky = ids("flaky", 10);
        failOnce.add(flaky.get(5));
        flaky.forEach(id -> send(id, valid(id)));
        producer.flush();
        await().atMost(DEADLINE).until(() -> effects(flaky).size() == flaky.size());
        assertThat(attempts.get(flaky.get(5))).as("the failing record was retried").isGreaterThanOrEqualTo(2);

        assertThat(countEffects()).as("no effect twice: the primary key would have refused it")
                .isEqualTo(clean.size() + mixed.size() + flaky.size());
    }

    private static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "-" + i + "-" + UUID.randomUUID());
        }
        return ids;
    }

    private static byte[] valid(String messageId) {
        return CODEC.encode(CancelCharge.newBuilder()
                .setMeta(CommandMetadata.newBuilder()
                        .setCommandId(UUID.randomUUID())
                        .setIssuedAt(Instant.now())
                        .setMerchantId("cmp_test")
                        .setEnvironment(Environment.SANDBOX)
                        .setAggregateId("chg_" + messageId)
                        .build())
                .setReason("test " + messageId)
                .build());
    }

    private static void send(String messageId, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
        // one key: one partition, so the records come in one poll, in order
        producer.send(new ProducerRecord<>(TOPIC, null, "k", value, headers));
    }

    private void createEffectTable() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS batch_effect (message_id TEXT PRIMARY KEY, txid BIGINT)");
        }
    }

    private Map<String, Long> effects(List<String> ids) throws SQLException {
        Map<String, Long> found = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT message_id, txid FROM batch_effect WHERE message_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return found;
    }

    private long countEffects() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM batch_effect")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
