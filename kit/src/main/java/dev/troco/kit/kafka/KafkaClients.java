package dev.troco.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients configured the one safe way: the broker settings come from {@code kafka.*}
 * properties (Quarkus' {@code default-kafka-broker} map); durability settings are fixed here,
 * not left to each service.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> brokerConfig;
    private final KafkaSettings settings;

    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> brokerConfig, KafkaSettings settings) {
        this.brokerConfig = brokerConfig;
        this.settings = settings;
    }

    /** Broker connection settings shared by every client (bootstrap servers, security). */
    public Map<String, Object> brokerConfig() {
        return Map.copyOf(brokerConfig);
    }

    /**
     * The process' producer: idempotent, {@code acks=all}, retrying within the delivery timeout,
     * at most 5 requests in flight so retries never reorder a partition.
     */
    @Produces
    @Singleton
    Producer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(brokerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, settings.deliveryTimeoutMs());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, settings.deliveryTimeoutMs()));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlockMs());
        config.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "troco-producer");
        return new KafkaProducer<>(config);
    }

    void closeProducer(@jakarta.enterprise.inject.Disposes Producer<String, byte[]> producer) {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    /** Settings of a consumer that commits offsets itself, after its effects are committed. */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = new HashMap<>(brokerConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        // A replica that dies without leaving the group (kill -9, a lost node) holds its partitions until its
        // session expires: 10 s instead of the default 45 s, so its work moves to the others sooner.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }
}
