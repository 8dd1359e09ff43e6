package dev.troco.kit.problem;

import dev.troco.kit.text.ControlCharacters;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs before any endpoint: gives every response a {@code Request-Id} header, refuses a body
 * larger than {@code quarkus.http.limits.max-body-size} with a problem document before reading it,
 * and refuses a path or query holding control characters, or percent-escapes that are not UTF-8
 * ({@link ControlCharacters}), before any code reads them: such text would otherwise reach a
 * database that cannot store it, or a log.
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
        Optional<String> unreadable = unreadableText(ctx);
        if (unreadable.isPresent()) {
            ctx.response()
                    .setStatusCode(400)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(writer.json(writer.problem(ProblemCode.INVALID_CHARACTERS, unreadable.get(),
                            null, requestId, null)));
            return;
        }
        ctx.next();
    }

    /** What is wrong with the request line, if anything: said in words for the caller. */
    static Optional<String> unreadableText(RoutingContext ctx) {
        String uri = ctx.request().uri();
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        for (String segment : path.split("/", -1)) {
            Optional<String> wrong = ControlCharacters.inUrlComponent(segment);
            if (wrong.isPresent()) {
                return Optional.of("The path holds " + wrong.get());
            }
        }
        if (question >= 0) {
            for (String pair : uri.substring(question + 1).split("&", -1)) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                for (String part : equals < 0 ? new String[] {pair} : new String[] {name, pair.substring(equals + 1)}) {
                    Optional<String> wrong = ControlCharacters.inUrlComponent(part);
                    if (wrong.isPresent()) {
                        return Optional.of("The query parameter '" + printable(name) + "' holds " + wrong.get());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A name as the caller sent it, safe to repeat in an answer (escapes kept, at most 64 characters). */
    private static String printable(String raw) {
        String shown = raw.length() > 64 ? raw.substring(0, 64) + "..." : raw;
        return shown.replaceAll("[\\p{Cntrl}]", "?");
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // a malformed length is the HTTP layer's to refuse
        }
    }
}
