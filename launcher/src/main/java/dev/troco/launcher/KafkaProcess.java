package dev.troco.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * The local Apache Kafka broker: the real {@code kafka.Kafka} main class in a child JVM whose classpath is the
 * launcher's own lib/ directory (the kafka_2.13 artifact and its dependencies are launcher dependencies).
 */
final class KafkaProcess {

    private static final String MAIN_CLASS = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final KafkaBrokerConfig config;
    private final ChildProcess process;
    private final CdsArchive cds;

    private KafkaProcess(KafkaBrokerConfig config, ChildProcess process, CdsArchive cds) {
        this.config = config;
        this.process = process;
        this.cds = cds;
    }

    /**
     * Writes the configuration, formats the storage on the very first start, and starts the broker without
     * waiting for it: the caller starts PostgreSQL meanwhile and calls {@link #awaitReady}.
     */
    static KafkaProcess start(TrocoPaths paths, PortPlan ports) throws LaunchException, InterruptedException {
        KafkaBrokerConfig config = KafkaBrokerConfig.local(paths.kafkaData(), ports);
        Path serverProperties = paths.conf().resolve("server.properties");
        Path log4jConfig = paths.conf().resolve("kafka-log4j2.xml");
        requireBrokerClasspath(paths.launcherLib());
        CdsArchive cds;
        try {
            Files.writeString(serverProperties, config.serverProperties(), StandardCharsets.UTF_8);
            Files.writeString(log4jConfig, KafkaBrokerConfig.log4j2Config(paths.log("kafka")), StandardCharsets.UTF_8);
            cds = CdsArchive.forClasspath(paths.cache(), "kafka", paths.launcherLib());
        } catch (IOException e) {
            throw new LaunchException("Could not prepare the broker's files in " + paths.dataDir() + ": "
                    + e.getMessage(), e);
        }
        // C1 only and the serial collector: on two cores shared with five services, the broker was ready in
        // 6 s instead of 10-13 (measured with other builds running). A local broker never gets hot enough
        // for C2 to matter. TROCO_KAFKA_JVM_OPTIONS replaces the first three (bench/run.py: C2 under load).
        String override = System.getenv("TROCO_KAFKA_JVM_OPTIONS");
        List<String> jvm = new ArrayList<>(override == null || override.isBlank()
                ? List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                : List.of(override.trim().split("\\s+")));
        jvm.addAll(List.of(
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig.toAbsolutePath(),
                "-cp", paths.launcherLib().toAbsolutePath() + "/*"));

        if (needsFormat(paths.kafkaData())) {
            format(paths, jvm, serverProperties);
        }
        List<String> brokerJvm = new ArrayList<>(cds.jvmOptions());
        brokerJvm.addAll(jvm);
        ChildProcess broker = ChildProcess.startJava("kafka", concat(brokerJvm, MAIN_CLASS, serverProperties.toString()),
                Map.of(), paths.dataDir(), paths.log("kafka-stdout"), paths.run(), serverProperties.toString());
        return new KafkaProcess(config, broker, cds);
    }

    /** A formatted log directory has meta.properties; formatting it again would fail (or lose the data). */
    static boolean needsFormat(Path kafkaData) {
        return !Files.exists(kafkaData.resolve("meta.properties"));
    }

    private static void format(TrocoPaths paths, List<String> jvm, Path serverProperties)
            throws LaunchException, InterruptedException {
        String clusterId = Uuid.randomUuid().toString();
        ChildProcess formatter = ChildProcess.startJava("kafka-format",
                concat(jvm, STORAGE_TOOL, "format", "-t", clusterId, "-c", serverProperties.toString()),
                Map.of(), paths.dataDir(), paths.log("kafka-format"), paths.run(), serverProperties.toString());
        int exitCode = formatter.waitFor(FORMAT_TIMEOUT);
        if (exitCode != 0) {
            throw new LaunchException("Formatting the Kafka storage in " + paths.kafkaData() + " failed (exit code "
                    + exitCode + ").", formatter.tail(30));
        }
    }

    private static void requireBrokerClasspath(Path lib) throws LaunchException {
        try (Stream<Path> jars = Files.list(lib)) {
            if (jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"))) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new LaunchException("The Kafka broker jars are not in " + lib
                + ". Build the launcher first: ./troco up --build");
    }

    private static List<String> concat(List<String> jvm, String... more) {
        return Stream.concat(jvm.stream(), Arrays.stream(more)).toList();
    }

    void awaitReady(ReadinessWaiter waiter, Duration timeout) throws LaunchException, InterruptedException {
        ReadinessWaiter.Probe port = ReadinessWaiter.acceptsConnections(config.host(), config.brokerPort());
        try (KafkaClusterProbe cluster = new KafkaClusterProbe(config.bootstrapServers())) {
            waiter.await("Kafka", timeout, () -> port.ready() && cluster.ready(), process);
        }
    }

    String bootstrapServers() {
        return config.bootstrapServers();
    }

    ChildProcess process() {
        return process;
    }

    /** SIGTERM runs the broker's controlled shutdown: logs flushed, so the next start needs no recovery. */
    void stop() {
        cds.processExited(process.stop(STOP_GRACE));
    }
}
