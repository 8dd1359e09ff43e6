package dev.troco.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay's limits. */
@ConfigMapping(prefix = "troco.outbox")
public interface OutboxSettings {

    /** Whether this process publishes outbox rows (every replica may; one relays at a time). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Rows published per round trip to Kafka. */
    @WithDefault("500")
    int batchSizeMax();

    /** How often the relay looks for rows when nobody woke it (other replicas' commits, missed wake-ups). */
    @WithDefault("500")
    long pollIntervalMs();

    /** First wait after a failed round; doubled each failure up to {@link #retryDelayMaxMs()}. */
    @WithDefault("200")
    long retryDelayInitialMs();

    @WithDefault("10000")
    long retryDelayMaxMs();

    /** How often backlog metrics are refreshed from the table. */
    @WithDefault("1000")
    long metricsRefreshMs();
}
