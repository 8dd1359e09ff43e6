package dev.troco.kit.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** How a service uses Kafka beyond the broker address ({@code kafka.bootstrap.servers}). */
@ConfigMapping(prefix = "troco.kafka")
public interface KafkaSettings {

    /** Topics this service creates at start if they are missing (its commands, events and dead letters). */
    Optional<List<String>> topics();

    /** Partitions of a topic created by the service. Fixed once created: choose for the largest consumer group. */
    @WithDefault("6")
    int topicPartitions();

    /** Replication factor of a topic created by the service: 1 on one machine, 3 in production. */
    @WithDefault("1")
    short topicReplicationFactor();

    /** How long the producer may wait for an acknowledgement (acks=all) before a send counts as failed. */
    @WithDefault("30000")
    int deliveryTimeoutMs();

    /** How long a send may block waiting for metadata while the broker is away. */
    @WithDefault("5000")
    int maxBlockMs();

    /** Producer batching delay; small, because latency matters more than batch size here. */
    @WithDefault("1")
    int lingerMs();
}
