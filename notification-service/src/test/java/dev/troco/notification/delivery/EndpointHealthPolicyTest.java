package dev.troco.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EndpointHealthPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final EndpointHealthPolicy policy = new EndpointHealthPolicy(Duration.ofDays(5));

    @Test
    void goneDisablesAtOnce() {
        assertThat(policy.reasonToDisable(answer(410), NOW, NOW)).hasValueSatisfying(r -> assertThat(r).contains("410"));
    }

    @Test
    void failingForFiveDaysDisables() {
        assertThat(policy.reasonToDisable(answer(500), NOW.minus(Duration.ofDays(5)), NOW)).isPresent();
        assertThat(policy.reasonToDisable(PostResult.failure(NOW, Duration.ZERO, "connection refused"),
                NOW.minus(Duration.ofDays(6)), NOW)).isPresent();
    }

    @Test
    void failingForLessKeepsTheEndpoint() {
        assertThat(policy.reasonToDisable(answer(500), NOW.minus(Duration.ofDays(4)), NOW)).isEmpty();
    }

    private static PostResult answer(int status) {
        return PostResult.response(NOW, status, Duration.ofMillis(3), "", java.util.Optional.empty());
    }
}
