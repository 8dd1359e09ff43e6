package dev.troco.gateway.overload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When the gateway sheds load instead of queueing it (see {@link LoadShedding}). */
@ConfigMapping(prefix = "troco.gateway.overload")
public interface OverloadSettings {

    /** Merchant requests one replica holds at once; more are answered 503 at once, before any work. */
    @WithDefault("400")
    int maxInFlight();

    /**
     * How long a merchant request may wait for a worker thread. A request that waited longer is answered 503
     * without being carried out: its client has probably given up already, and doing its work would only delay
     * the requests behind it (a queue that never drains after a restart or a slow dependency).
     */
    @WithDefault("2000")
    long maxQueueWaitMs();

    /**
     * How long a request's body may take to arrive, from its first byte. A body that trickles in slower is cut off
     * with 408 and the connection closed: otherwise a few hundred slow uploads would hold every in-flight slot.
     */
    @WithDefault("10000")
    long bodyReadTimeoutMs();
}
