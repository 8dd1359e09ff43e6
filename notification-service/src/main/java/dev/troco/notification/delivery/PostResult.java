package dev.troco.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one POST to a webhook URL came to: the status code if a response arrived, how long it took,
 * the start of the response body, and the error if none arrived (refused address, timeout...).
 * {@code permanent} says that no retry can succeed: the URL is malformed, or its host is one Troco
 * must not call (the rules of {@code OutboundUrlPolicy}); such a delivery fails at once, with the reason
 * in its log, and is sent again only when asked (redeliver, recover).
 */
public record PostResult(
        Instant startedAt,
        Integer statusCode,
        Duration latency,
        String responseBody,
        String error,
        Optional<Duration> retryAfter,
        boolean permanent) {

    public static PostResult response(Instant startedAt, int statusCode, Duration latency, String body,
            Optional<Duration> retryAfter) {
        return new PostResult(startedAt, statusCode, latency, body, null, retryAfter, false);
    }

    public static PostResult failure(Instant startedAt, Duration latency, String error) {
        return new PostResult(startedAt, null, latency, null, error, Optional.empty(), false);
    }

    /** A URL Troco may not call, or cannot parse: retrying changes nothing. */
    public static PostResult refused(Instant startedAt, Duration latency, String error) {
        return new PostResult(startedAt, null, latency, null, error + " (not retried)", Optional.empty(), true);
    }

    /** Only a 2xx answer counts as delivered; a redirect is not followed and is a failure. */
    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }
}
