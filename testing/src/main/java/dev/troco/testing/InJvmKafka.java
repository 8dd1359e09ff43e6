package dev.troco.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller: the same server code as
 * {@code kafka.Kafka}) inside the test JVM: the embedded path of {@link TestKafka}.
 *
 * <p>Clients reach it through a {@link TcpProxy}: the broker advertises the proxy's address on its
 * client listener, so every client connection (bootstrap and metadata alike) goes through it, and
 * a test can make the broker unreachable with {@code networkProxy().cut()} and bring it back with
 * {@code restore()}. The broker talks to itself on a separate listener that is never cut.
 */
final class InJvmKafka implements TestKafka {

    private final Path logDir;
    private final TcpProxy proxy;
    private final KafkaRaftServer server;
    private boolean stopped;

    private InJvmKafka(Path logDir, TcpProxy proxy, KafkaRaftServer server) {
        this.logDir = logDir;
        this.proxy = proxy;
        this.server = server;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + proxy.port();
    }

    @Override
    public TcpProxy networkProxy() {
        return proxy;
    }

    static InJvmKafka start() {
        KafkaExitGuard.install();
        long started = System.nanoTime();
        int controllerPort = FreePorts.next();
        int internalPort = FreePorts.next();
        int clientPort = FreePorts.next();
        int proxyPort = FreePorts.next();
        try {
            Path logDir = Files.createTempDirectory("troco-kafka-");
            Properties props = new Properties();
            props.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", "1"),
                    Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                    Map.entry("listeners", "INTERNAL://127.0.0.1:" + internalPort
                            + ",CLIENT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                    Map.entry("advertised.listeners", "INTERNAL://127.0.0.1:" + internalPort
                            + ",CLIENT://127.0.0.1:" + proxyPort),
                    Map.entry("listener.security.protocol.map", "INTERNAL:PLAINTEXT,CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                    Map.entry("inter.broker.listener.name", "INTERNAL"),
                    Map.entry("controller.listener.names", "CONTROLLER"),
                    Map.entry("log.dirs", logDir.toString()),
                    Map.entry("num.partitions", "3"),
                    Map.entry("auto.create.topics.enable", "true"),
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("offsets.topic.num.partitions", "3"),
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1"),
                    Map.entry("transaction.state.log.num.partitions", "3"),
                    Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                    Map.entry("share.coordinator.state.topic.min.isr", "1"),
                    Map.entry("min.insync.replicas", "1"),
                    Map.entry("group.initial.rebalance.delay.ms", "0"),
                    Map.entry("log.retention.hours", "1")));
            Path config = logDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "troco test broker");
            }
            format(config);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            TcpProxy proxy = new TcpProxy(proxyPort, new InetSocketAddress("127.0.0.1", clientPort)).start();
            InJvmKafka kafka = new InJvmKafka(logDir, proxy, server);
            kafka.awaitReady(Duration.ofSeconds(60));
            System.err.printf("[troco-testing] Kafka broker ready at %s in %d ms%n",
                    kafka.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test Kafka broker", e);
        }
    }

    private static void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test Kafka broker did not become ready", e);
        }
    }

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        proxy.close();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteRecursively(logDir);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is not worth failing a test run for
        }
    }
}
