package dev.troco.kit.security;

import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.kit.problem.ProblemWriter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service credential of internal APIs: every {@code /internal/} request must carry the platform's service
 * token in {@value #HEADER}, or is answered 401 before any endpoint runs. Services send it on their internal
 * calls ({@link ServiceTokenClientFilter}). Production refuses to start without a token
 * ({@link ProductionSecrets}); tests that do not set one run without the check.
 */
@ApplicationScoped
public class InternalApiGuard {

    public static final String HEADER = "Troco-Service-Token";
    public static final String TOKEN_PROPERTY = "troco.internal.service-token";

    private final Optional<byte[]> token;
    private final ProblemWriter writer;

    InternalApiGuard(@ConfigProperty(name = "troco.internal.service-token") Optional<String> token, ProblemWriter writer) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.writer = writer;
    }

    void install(@Observes Router router) {
        router.route("/internal/*").order(Integer.MIN_VALUE + 3).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        if (token.isEmpty() || matches(ctx.request().getHeader(HEADER))) {
            ctx.next();
            return;
        }
        ctx.response()
                .setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(writer.json(writer.problem(ProblemCode.UNAUTHENTICATED,
                        "Internal APIs need the platform's service credential (" + HEADER + ")",
                        ctx.request().path(), ctx.response().headers().get(dev.troco.kit.problem.RequestIds.HEADER),
                        null)));
    }

    private boolean matches(String sent) {
        return sent != null && MessageDigest.isEqual(token.get(), sent.getBytes(StandardCharsets.UTF_8));
    }
}
