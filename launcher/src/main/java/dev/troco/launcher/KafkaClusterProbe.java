package dev.troco.launcher;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Ready once the cluster answers describeCluster with at least one broker: an open port alone only says the
 * socket server is up, not that the node has joined its quorum and can serve metadata.
 */
final class KafkaClusterProbe implements ReadinessWaiter.Probe, AutoCloseable {

    private static final int ATTEMPT_TIMEOUT_MS = 3_000;

    private final String bootstrapServers;
    private Admin admin;

    KafkaClusterProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public boolean ready() throws Exception {
        if (admin == null) {
            // Created on first use and kept: each Admin opens connections and a thread.
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "troco-launcher",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ATTEMPT_TIMEOUT_MS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ATTEMPT_TIMEOUT_MS));
        }
        Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(ATTEMPT_TIMEOUT_MS))
                .nodes()
                .get(ATTEMPT_TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS);
        return !nodes.isEmpty();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
