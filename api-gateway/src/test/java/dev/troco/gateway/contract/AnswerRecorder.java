package dev.troco.gateway.contract;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Test-only: writes down every answer the gateway gives in the test suite (method, raw path, status, media type),
 * so that {@code OpenApiAnswersIT} can compare what the gateway answered with what its OpenAPI document lists.
 *
 * <p>It sees answers before any other handler runs (the door checks, load shedding, the operator port and the
 * live stream proxy included): its route is installed first, at the lowest order. Each application the suite
 * starts writes one file under {@code target/openapi-answers/} when it stops.
 */
@ApplicationScoped
public class AnswerRecorder {

    static final Path DIRECTORY = Path.of("target", "openapi-answers");

    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

    void install(@Observes @Priority(1) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String method = context.request().method().name();
            String path = context.request().path();
            context.addHeadersEndHandler(ignored -> {
                String type = context.response().headers().get("Content-Type");
                String mediaType = type == null ? "-" : type.split(";", 2)[0].trim();
                answers.computeIfAbsent(String.join("\t", method, path == null ? "-" : path,
                        Integer.toString(context.response().getStatusCode()), mediaType), k -> new LongAdder())
                        .increment();
            });
            context.next();
        });
    }

    void write(@Observes ShutdownEvent event) {
        List<String> lines = new ArrayList<>(answers.size());
        answers.forEach((answer, count) -> {
            if (answer.indexOf('\n') < 0 && answer.indexOf('\r') < 0) {
                lines.add(answer + "\t" + count.sum());
            }
        });
        try {
            Files.createDirectories(DIRECTORY);
            Files.write(DIRECTORY.resolve(UUID.randomUUID() + ".tsv"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the answers the gateway gave", e);
        }
    }
}
