package dev.troco.notification.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a failed e-mail is tried again. SMTP outages are usually minutes, sometimes hours: the
 * published schedule retries for about two days (30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h,
 * 12 h, 24 h), then the job is marked FAILED and logged.
 */
public final class EmailRetrySchedule {

    public static final List<Duration> STANDARD_DELAYS = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12), Duration.ofHours(24));

    private final List<Duration> delays;

    public EmailRetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /** After the {@code failures}-th failed attempt (1-based): when to try again, or empty to give up. */
    public Optional<Instant> nextAttempt(int failures, Instant now) {
        if (failures < 1 || failures > delays.size()) {
            return Optional.empty();
        }
        return Optional.of(now.plus(delays.get(failures - 1)));
    }
}
