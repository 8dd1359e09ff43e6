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

    /** Longest wait in one poll of the broker. */
    @WithDefault("500")
    long pollTimeoutMs();
}
