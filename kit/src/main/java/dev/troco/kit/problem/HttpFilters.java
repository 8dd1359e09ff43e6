package dev.troco.kit.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs before any endpoint: gives every response a {@code Request-Id} header, and refuses a body
 * larger than {@code quarkus.http.limits.max-body-size} with a problem document before reading it.
 */
@ApplicationScoped
public class HttpFilters {

    private final long maxBodyBytes;
    private final ProblemWriter writer;

    HttpFilters(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBody,
            ProblemWriter writer) {
        this.maxBodyBytes = maxBody.asLongValue();
        this.writer = writer;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::filter);
    }

    private void filter(RoutingContext ctx) {
        String requestId = RequestIds.fromCaller(ctx.request().getHeader(RequestIds.HEADER));
        ctx.response().putHeader(RequestIds.HEADER, requestId);
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length)) {
            ctx.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(writer.json(writer.problem(ProblemCode.PAYLOAD_TOO_LARGE,
                            "The body has " + length + " bytes; the limit is " + maxBodyBytes + " bytes",
                            ctx.request().path(), requestId, null)));
            return;
        }
        ctx.next();
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // a malformed length is the HTTP layer's to refuse
        }
    }
}
