package dev.troco.kit.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the inbox consumers. */
@ConfigMapping(prefix = "troco.inbox")
public interface InboxSettings {

    /**
     * Attempts at a message whose handler keeps failing with an unexpected error before it is sent
     * to the dead-letter topic. Failures of the database connection are retried without limit
     * instead: they say nothing about the message.
     */
    @WithDefault("5")
    int attemptsMax();

    @WithDefault("100")
    long retryDelayInitialMs();

    @WithDefault("5000")
    long retryDelayMaxMs();

    /**
     * How long handled message ids are remembered. Must exceed the longest time a message can be
     * redelivered (topic retention, 7 days by default), or an old copy would be handled again.
     */
    @WithDefault("14")
    int retentionDays();

    /**
     * Records of one partition handled in one database transaction (each still claimed in the inbox on its
     * own). One commit, so one disk flush, for the lot: the consumer's throughput no longer stops at one
     * message per flush. If anything in a batch fails, the batch is rolled back and its records are handled
     * one at a time with the usual retries and dead-lettering. 1 turns batching off.
     */
    @WithDefault("50")
    int batchSizeMax();

    /**
     * Threads (each its own Kafka consumer in the group) per inbox consumer of a service: partitions are
     * shared among them, so one slow message does not hold up the others, and database round trips overlap.
     * Order is kept per partition, that is per aggregate.
     */
    @WithDefault("2")
    int concurrency();

    /** Longest wait in one poll of the broker. */
    @WithDefault("500")
    long pollTimeoutMs();
}
