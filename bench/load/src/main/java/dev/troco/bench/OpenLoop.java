package dev.troco.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * A constant arrival rate: the i-th request is due at {@code start + i / rate}, whatever happened to the ones
 * before it. Each request is timed from that intended moment, so a stall of the system under test shows up as
 * latency of every request that should have been sent during it (no coordinated omission). If this thread itself
 * falls behind, it sends the late requests at once, still timed from when they were due.
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /** Runs {@code send} with each request's intended {@link System#nanoTime()}; returns how many were sent. */
    static long run(double ratePerSecond, double seconds, LongConsumer send) {
        long total = Math.round(ratePerSecond * seconds);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + Math.round(i * 1e9 / ratePerSecond);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send.accept(intended);
        }
        return total;
    }
}
