package dev.troco.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void thePublishedScheduleKeepsTryingForMoreThanThreeDaysEvenWithTheShortestJitter() {
        RetrySchedule shortest = new RetrySchedule(RetrySchedule.STANDARD_DELAYS, 0.2, Duration.ofHours(24), () -> 0.0);

        assertThat(shortest.shortestSpan()).isGreaterThan(Duration.ofDays(3));
        assertThat(shortest.attemptsMax()).isEqualTo(11);
        Instant at = NOW;
        for (int failures = 1; failures < shortest.attemptsMax(); failures++) {
            at = shortest.nextAttempt(failures, at, Optional.empty()).orElseThrow();
        }
        assertThat(Duration.between(NOW, at)).isEqualTo(shortest.shortestSpan()).isGreaterThan(Duration.ofDays(3));
    }

    @Test
    void waitsGrowAndEndWhenTheScheduleIsExhausted() {
        RetrySchedule exact = new RetrySchedule(RetrySchedule.STANDARD_DELAYS, 0, Duration.ofHours(24), () -> 0.5);

        assertThat(exact.nextAttempt(1, NOW, Optional.empty())).contains(NOW.plusSeconds(5));
        assertThat(exact.nextAttempt(2, NOW, Optional.empty())).contains(NOW.plus(Duration.ofMinutes(5)));
        assertThat(exact.nextAttempt(10, NOW, Optional.empty())).contains(NOW.plus(Duration.ofHours(24)));
        assertThat(exact.nextAttempt(11, NOW, Optional.empty())).isEmpty();
    }

    @Test
    void jitterStaysWithinItsRatio() {
        RetrySchedule low = new RetrySchedule(List.of(Duration.ofSeconds(100)), 0.2, Duration.ofHours(1), () -> 0.0);
        RetrySchedule high = new RetrySchedule(List.of(Duration.ofSeconds(100)), 0.2, Duration.ofHours(1), () -> 0.999999);

        assertThat(low.nextAttempt(1, NOW, Optional.empty())).contains(NOW.plusSeconds(80));
        assertThat(Duration.between(NOW, high.nextAttempt(1, NOW, Optional.empty()).orElseThrow()))
                .isBetween(Duration.ofSeconds(119), Duration.ofSeconds(120));
    }

    @Test
    void aLongerRetryAfterIsHonouredUpToItsCapAndAShorterOneDoesNotHurry() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMinutes(5)), 0, Duration.ofHours(24), () -> 0.5);

        assertThat(schedule.nextAttempt(1, NOW, Optional.of(Duration.ofHours(1)))).contains(NOW.plus(Duration.ofHours(1)));
        assertThat(schedule.nextAttempt(1, NOW, Optional.of(Duration.ofSeconds(1)))).contains(NOW.plus(Duration.ofMinutes(5)));
        assertThat(schedule.nextAttempt(1, NOW, Optional.of(Duration.ofDays(30)))).contains(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void aFailedExtraAttemptGoesBackToItsPlaceInTheScheduleOrLaterIfRetryAfterAsks() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMinutes(5)), 0, Duration.ofHours(24), () -> 0.5);
        Instant scheduled = NOW.plus(Duration.ofMinutes(30));

        assertThat(schedule.resume(scheduled, NOW, Optional.empty())).isEqualTo(scheduled);
        assertThat(schedule.resume(scheduled, NOW, Optional.of(Duration.ofMinutes(1)))).isEqualTo(scheduled);
        assertThat(schedule.resume(scheduled, NOW, Optional.of(Duration.ofHours(1))))
                .isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(schedule.resume(scheduled, NOW, Optional.of(Duration.ofDays(30))))
                .isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(schedule.resume(NOW.minusSeconds(1), NOW, Optional.empty())).isEqualTo(NOW.minusSeconds(1));
    }
}
