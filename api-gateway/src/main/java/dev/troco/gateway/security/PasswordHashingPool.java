package dev.troco.gateway.security;

import dev.troco.gateway.config.GatewaySettings;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the password hashes computed at once. Each Argon2id hash takes 19 MiB and tens of CPU-milliseconds, so
 * hundreds of logins at once (an attack, or every person of a big company after an outage) would exhaust the heap
 * and the cores, and every merchant call with them. Here a few hash at a time, a few more wait a short while, and
 * the rest are answered 503 with {@code Retry-After} at once, holding no worker thread.
 */
@ApplicationScoped
public class PasswordHashingPool {

    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int waitingMax;
    private final long waitMs;

    PasswordHashingPool(GatewaySettings settings) {
        this.permits = new Semaphore(settings.passwordHashing().concurrency(), true);
        this.waitingMax = settings.passwordHashing().waitingMax();
        this.waitMs = settings.passwordHashing().waitMs();
    }

    public <T> T run(Supplier<T> hashing) {
        if (waiting.incrementAndGet() > waitingMax) {
            waiting.decrementAndGet();
            throw busy();
        }
        boolean acquired;
        try {
            acquired = permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        } finally {
            waiting.decrementAndGet();
        }
        if (!acquired) {
            throw busy();
        }
        try {
            return hashing.get();
        } finally {
            permits.release();
        }
    }

    private static ApiException busy() {
        return ApiException.retryAfter(ProblemCode.SERVICE_UNAVAILABLE,
                "Too many logins at once; retry in a second", 1);
    }
}
