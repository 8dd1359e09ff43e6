package dev.troco.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaBrokerConfigTest {

    private final KafkaBrokerConfig config = KafkaBrokerConfig.local(Path.of("/data/my troco/kafka"));

    private Properties rendered() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(config.serverProperties()));
        return properties;
    }

    @Test
    void singleCombinedKraftNodeWithStaticVoters() throws IOException {
        Properties p = rendered();

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:19093");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/data/my troco/kafka");
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void internalTopicsFitOnOneBroker() throws IOException {
        Properties p = rendered();

        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("share.coordinator.state.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("share.coordinator.state.topic.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("min.insync.replicas")).isEqualTo("1");
        assertThat(p.getProperty("auto.create.topics.enable")).isEqualTo("true");
    }

    @Test
    void backslashesInTheLogDirSurviveTheProperties() throws IOException {
        KafkaBrokerConfig windowsLike = new KafkaBrokerConfig("127.0.0.1", 1, 2, Path.of("C:\\troco\\kafka"));
        Properties p = new Properties();
        p.load(new StringReader(windowsLike.serverProperties()));

        assertThat(p.getProperty("log.dirs")).endsWith("C:\\troco\\kafka");
    }

    @Test
    void brokerLogsGoToTheFileOnly() {
        String xml = KafkaBrokerConfig.log4j2Config(Path.of("/logs/a&b/kafka.log"));

        assertThat(xml).contains("fileName=\"/logs/a&amp;b/kafka.log\"")
                .contains("filePattern=\"/logs/a&amp;b/kafka.log.%i\"")
                .contains("<PatternLayout pattern=\"[%d] %p %m (%c)%n\"/>")
                .doesNotContain("<Console");
    }
}
