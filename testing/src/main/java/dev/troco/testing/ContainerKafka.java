package dev.troco.testing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker of docker-compose.yml's image in a container (Testcontainers' Kafka module):
 * the container path of {@link TestKafka}, configured like {@link InJvmKafka} (three
 * partitions per topic, topics created on first use, replication factors of one).
 *
 * <p>Clients reach it through a {@link TcpProxy} on the loopback interface, as on the embedded
 * path: the broker's client listener advertises the proxy's address, so cutting the proxy cuts
 * every client connection, bootstrap and metadata alike.
 */
final class ContainerKafka implements TestKafka {

    /** The image and version of docker-compose.yml's kafka service (a test keeps the two equal). */
    static final String IMAGE = "apache/kafka:4.2.1";

    private static final int CLIENT_PORT = 9092;

    private final KafkaContainer container;
    private final TcpProxy proxy;
    private boolean stopped;

    private ContainerKafka(KafkaContainer container, TcpProxy proxy) {
        this.container = container;
        this.proxy = proxy;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + proxy.port();
    }

    @Override
    public TcpProxy networkProxy() {
        return proxy;
    }

    static ContainerKafka start() {
        long started = System.nanoTime();
        int proxyPort = FreePorts.next();
        KafkaContainer container = container(proxyPort);
        container.start();
        TcpProxy proxy;
        try {
            proxy = new TcpProxy(proxyPort,
                    new InetSocketAddress(container.getHost(), container.getMappedPort(CLIENT_PORT))).start();
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        ContainerKafka kafka = new ContainerKafka(container, proxy);
        try {
            kafka.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        System.err.printf("[troco-testing] Kafka broker (container %s, %s) ready at %s in %d ms%n",
                container.getContainerId().substring(0, 12), IMAGE, kafka.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return kafka;
    }

    /** The container, configured and not started, whose client listener advertises {@code 127.0.0.1:proxyPort}. */
    static KafkaContainer container(int proxyPort) {
        return new ProxiedKafkaContainer(proxyPort)
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1")
                .withEnv("KAFKA_LOG_RETENTION_HOURS", "1")
                .withEnv("KAFKA_HEAP_OPTS", "-Xms256m -Xmx512m")
                // The first run pulls the image.
                .withStartupTimeout(Duration.ofMinutes(3));
    }

    /**
     * Waits for the broker to answer through the proxy, and checks it advertises the proxy: a
     * broker advertising its mapped port would take clients around the proxy after the bootstrap,
     * and cutting the proxy would then cut nothing.
     */
    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        Collection<Node> nodes;
        try (Admin admin = Admin.create(props)) {
            nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka broker in the container did not become ready through "
                    + bootstrapServers(), e);
        }
        for (Node node : nodes) {
            if (node.port() != proxy.port()) {
                throw new IllegalStateException("the Kafka broker in the container advertises " + node.host() + ":"
                        + node.port() + ", not the proxy at " + bootstrapServers()
                        + ": clients would bypass the proxy (has Testcontainers' KafkaContainer changed how it "
                        + "advertises its listener?)");
            }
        }
    }

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        proxy.close();
        container.stop();
    }

    /**
     * Testcontainers' Kafka container advertises its client listener as
     * {@link #getBootstrapServers()} (written into the container's start script once the ports are
     * mapped); here that is the proxy's address. {@link #awaitReady} checks it took effect.
     */
    private static final class ProxiedKafkaContainer extends KafkaContainer {

        private final int proxyPort;

        ProxiedKafkaContainer(int proxyPort) {
            super(IMAGE);
            this.proxyPort = proxyPort;
        }

        @Override
        public String getBootstrapServers() {
            return "127.0.0.1:" + proxyPort;
        }
    }
}
