package dev.troco.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * What can be checked of the container path without a Docker engine (this machine kind has
 * none): the containers as configured, before they start. Testcontainers' modules accept the
 * images (their constructors refuse incompatible ones; {@link ComposeImagesTest} keeps the images
 * those of docker-compose.yml), the Kafka client listener advertises the proxy, and both servers
 * are set up like the embedded ones. Nothing here may ask for an engine (reading the image name
 * back would: it resolves the image).
 */
class ContainerConfigurationTest {

    @Test
    void kafkaRunsComposesImageAdvertisingTheProxyConfiguredLikeTheEmbeddedBroker() {
        KafkaContainer kafka = ContainerKafka.container(41234);

        assertEquals("127.0.0.1:41234", kafka.getBootstrapServers(), "advertised on the client listener");
        assertEquals(List.of(9092), kafka.getExposedPorts());
        Map<String, String> env = kafka.getEnvMap();
        assertEquals("3", env.get("KAFKA_NUM_PARTITIONS"));
        assertEquals("true", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
        assertEquals("1", env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
        assertEquals("1", env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"));
        assertEquals("1", env.get("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR"));
        assertEquals("0", env.get("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"));
        assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"));
    }

    @Test
    void postgresRunsComposesImageConfiguredLikeTheEmbeddedServer() {
        PostgreSQLContainer postgres = ContainerPostgres.container("postgres", "secret");

        assertEquals("postgres", postgres.getUsername());
        assertEquals("secret", postgres.getPassword());
        assertEquals("postgres", postgres.getDatabaseName());
        assertArrayEquals(new String[] {"postgres", "-c", "fsync=off", "-c", "max_connections=300"},
                postgres.getCommandParts());
        assertEquals(Map.of("/var/lib/postgresql/data", "rw"), postgres.getTmpFsMapping());
    }
}
