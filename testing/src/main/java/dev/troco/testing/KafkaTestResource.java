package dev.troco.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a Quarkus test a real Kafka broker ({@link TestKafka}: in a container or embedded, as
 * {@link TestBackend} chose) as {@code kafka.bootstrap.servers}. Test classes with the same
 * resources share one application and so one broker; it stops with the application.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestKafka.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        TestKafka.stopShared();
    }
}
