package dev.troco.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed webhook is tried again: exponential waits with random jitter, stretched by a
 * receiver's {@code Retry-After}, and an end. The published schedule
 * ({@link #STANDARD_DELAYS}) keeps trying for more than three days even when every wait is drawn
 * at its shortest, as merchants are promised.
 */
public final class RetrySchedule {

    /**
     * Waits after each failed attempt; the first attempt is immediate. Eleven attempts over about
     * 4 days 3.6 hours nominally, never less than 3 days 7 hours with the jitter.
     */
    public static final List<Duration> STANDARD_DELAYS = List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10),
            Duration.ofHours(24),
            Duration.ofHours(24),
            Duration.ofHours(24));

    private final List<Duration> delays;
    private final double jitterRatio;
    private final Duration retryAfterMax;
    private final DoubleSupplier random;

    /**
     * @param jitterRatio each wait is multiplied by a random factor in {@code [1 - ratio, 1 + ratio]}
     * @param random uniform in {@code [0, 1)}
     */
    public RetrySchedule(List<Duration> delays, double jitterRatio, Duration retryAfterMax, DoubleSupplier random) {
        if (jitterRatio < 0 || jitterRatio >= 1) {
            throw new IllegalArgumentException("jitter ratio must be in [0, 1)");
        }
        this.delays = List.copyOf(delays);
        this.jitterRatio = jitterRatio;
        this.retryAfterMax = retryAfterMax;
        this.random = random;
    }

    /** Attempts of one delivery at most: the first, then one after each wait. */
    public int attemptsMax() {
        return delays.size() + 1;
    }

    /**
     * When to try again after the {@code failures}-th failure in a row (1 after the first attempt
     * failed), or empty when the schedule is exhausted. A {@code Retry-After} longer than the drawn
     * wait is honoured, up to {@code retryAfterMax}; a shorter one does not hurry the retry.
     */
    public Optional<Instant> nextAttempt(int failures, Instant now, Optional<Duration> retryAfter) {
        if (failures < 1 || failures > delays.size()) {
            return Optional.empty();
        }
        Duration wait = jittered(delays.get(failures - 1));
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(retryAfterMax) > 0 ? retryAfterMax : retryAfter.get();
            if (asked.compareTo(wait) > 0) {
                wait = asked;
            }
        }
        return Optional.of(now.plus(wait));
    }

    /**
     * When to try again after an extra attempt (brought forward, off the schedule) failed: when the delivery was
     * due before, its place in the schedule, or later if the receiver's {@code Retry-After} (up to
     * {@code retryAfterMax}) asks for more.
     */
    public Instant resume(Instant scheduled, Instant now, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(retryAfterMax) > 0 ? retryAfterMax : retryAfter.get();
            Instant askedAt = now.plus(asked);
            if (askedAt.isAfter(scheduled)) {
                return askedAt;
            }
        }
        return scheduled;
    }

    /** The shortest time the schedule can keep a delivery alive, every wait drawn at its shortest. */
    public Duration shortestSpan() {
        return delays.stream().map(d -> scale(d, 1 - jitterRatio)).reduce(Duration.ZERO, Duration::plus);
    }

    private Duration jittered(Duration delay) {
        double factor = 1 - jitterRatio + 2 * jitterRatio * random.getAsDouble();
        return scale(delay, factor);
    }

    private static Duration scale(Duration delay, double factor) {
        return Duration.ofNanos(Math.round(delay.toNanos() * factor));
    }
}
