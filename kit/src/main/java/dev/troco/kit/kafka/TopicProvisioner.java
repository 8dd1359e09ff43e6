package dev.troco.kit.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the service's topics ({@code troco.kafka.topics}) when they are missing, in the
 * background and retrying until the broker answers, so a service starts while Kafka is away.
 * Consumers wait for {@link #ready()} before they subscribe.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final long RETRY_DELAY_MAX_MS = 10_000;

    private final KafkaClients clients;
    private final KafkaSettings settings;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean stopping;

    TopicProvisioner(KafkaClients clients, KafkaSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        List<String> topics = settings.topics().orElse(List.of());
        if (topics.isEmpty()) {
            ready.complete(null);
            return;
        }
        Thread thread = new Thread(() -> provision(topics), "troco-topic-provisioner");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Completes once every configured topic exists. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    private void provision(List<String> topics) {
        long delay = 200;
        while (!stopping) {
            Map<String, Object> config = new HashMap<>(clients.brokerConfig());
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            try (Admin admin = Admin.create(config)) {
                Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
                List<NewTopic> missing = topics.stream()
                        .filter(t -> !existing.contains(t))
                        .map(t -> new NewTopic(t, settings.topicPartitions(), settings.topicReplicationFactor()))
                        .toList();
                for (var entry : admin.createTopics(missing).values().entrySet()) {
                    try {
                        entry.getValue().get(15, TimeUnit.SECONDS);
                        LOG.infof("created topic %s", entry.getKey());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                ready.complete(null);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("cannot provision topics yet (%s); retrying in %d ms", e.getMessage(), delay);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = Math.min(delay * 2, RETRY_DELAY_MAX_MS);
            }
        }
    }
}
