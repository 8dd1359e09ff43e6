package dev.troco.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one POST to a webhook URL came to: the status code if a response arrived, how long it took,
 * the start of the response body, and the error if none arrived (refused address, timeout...).
 */
public record PostResult(
        Instant startedAt,
        Integer statusCode,
        Duration latency,
        String responseBody,
        String error,
        Optional<Duration> retryAfter) {

    public static PostResult response(Instant startedAt, int statusCode, Duration latency, String body,
            Optional<Duration> retryAfter) {
        return new PostResult(startedAt, statusCode, latency, body, null, retryAfter);
    }

    public static PostResult failure(Instant startedAt, Duration latency, String error) {
        return new PostResult(startedAt, null, latency, null, error, Optional.empty());
    }

    /** Only a 2xx answer counts as delivered; a redirect is not followed and is a failure. */
    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }
}
