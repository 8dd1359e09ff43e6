package dev.troco.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EmailRetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void eachFailureWaitsTheNextDelayThenTheJobIsGivenUp() {
        EmailRetrySchedule schedule = new EmailRetrySchedule(EmailRetrySchedule.STANDARD_DELAYS);

        assertThat(schedule.nextAttempt(1, NOW)).contains(NOW.plusSeconds(30));
        assertThat(schedule.nextAttempt(2, NOW)).contains(NOW.plus(Duration.ofMinutes(2)));
        assertThat(schedule.nextAttempt(10, NOW)).contains(NOW.plus(Duration.ofHours(24)));
        assertThat(schedule.nextAttempt(11, NOW)).isEmpty();
    }

    @Test
    void thePublishedScheduleKeepsTryingForAboutTwoDays() {
        Duration total = EmailRetrySchedule.STANDARD_DELAYS.stream().reduce(Duration.ZERO, Duration::plus);

        assertThat(total).isBetween(Duration.ofHours(47), Duration.ofHours(55));
    }
}
