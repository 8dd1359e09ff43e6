package dev.troco.gateway.ratelimit;

import dev.troco.gateway.ratelimit.RateLimiter.Decision;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Comparator;
import java.util.List;

/**
 * The headers of IETF draft-ietf-httpapi-ratelimit-headers for the quotas a request was counted
 * against: {@code RateLimit-Policy} lists each quota, {@code RateLimit} says what remains of the
 * tightest one and when it is whole again, and a refused request gets {@code Retry-After}.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static void write(List<Decision> decisions, MultivaluedMap<String, Object> headers) {
        if (decisions.isEmpty()) {
            return;
        }
        StringBuilder policy = new StringBuilder();
        for (Decision d : decisions) {
            if (!policy.isEmpty()) {
                policy.append(", ");
            }
            policy.append('"').append(d.quota().name()).append("\";q=").append(d.quota().limit())
                    .append(";w=").append(d.quota().windowSeconds());
        }
        Decision tightest = decisions.stream().min(Comparator.comparingInt(Decision::remaining)).orElseThrow();
        headers.putSingle("RateLimit-Policy", policy.toString());
        headers.putSingle("RateLimit", "\"" + tightest.quota().name() + "\";r=" + tightest.remaining()
                + ";t=" + tightest.resetSeconds());
        decisions.stream().filter(d -> !d.allowed()).mapToLong(Decision::retryAfterSeconds).max()
                .ifPresent(seconds -> headers.putSingle("Retry-After", Long.toString(seconds)));
    }
}
