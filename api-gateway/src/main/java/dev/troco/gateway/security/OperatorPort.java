package dev.troco.gateway.security;

import dev.troco.gateway.config.GatewaySettings;
import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.kit.problem.ProblemWriter;
import dev.troco.kit.problem.RequestIds;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the operator's doors off the public port. With {@code troco.gateway.operator-port} set (Compose and
 * Kubernetes set it), the platform admin API ({@code /admin/}), internal endpoints ({@code /internal/}) and the
 * operational ones ({@code /q/}: health, metrics, Swagger UI) answer only on that port, which is never published
 * or routed; on the public port they are 404, as if they did not exist. The public OpenAPI document
 * ({@code /q/openapi}) stays on the public port: merchants integrate from it. Unset (./troco up, which binds
 * everything to loopback, and tests), every path is served on the one port.
 */
@ApplicationScoped
public class OperatorPort {

    private static final Logger LOG = Logger.getLogger(OperatorPort.class);

    private final Optional<Integer> port;
    private final String host;
    private final Vertx vertx;
    private final ProblemWriter problems;
    private HttpServer server;

    OperatorPort(GatewaySettings settings, Vertx vertx, ProblemWriter problems) {
        this.port = settings.operatorPort();
        this.host = settings.operatorHost();
        this.vertx = vertx;
        this.problems = problems;
    }

    static boolean isOperatorPath(String path) {
        if (path == null) {
            return false;
        }
        if (path.equals("/q/openapi") || path.startsWith("/q/openapi?") || path.startsWith("/q/openapi.")) {
            return false;
        }
        return path.startsWith("/admin/") || path.startsWith("/internal/") || path.startsWith("/q/")
                || path.equals("/q");
    }

    void install(@Observes Router router) {
        if (port.isEmpty()) {
            return;
        }
        int operatorPort = port.get();
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> guard(ctx, operatorPort));
        server = vertx.createHttpServer(new HttpServerOptions().setPort(operatorPort).setHost(host));
        server.requestHandler(router).listen()
                .onSuccess(s -> LOG.infof("operator port listening on %s:%d (admin, internal, /q)", host, s.actualPort()))
                .onFailure(e -> LOG.errorf("operator port %d could not listen: %s", operatorPort, e.toString()));
    }

    private void guard(RoutingContext ctx, int operatorPort) {
        boolean onOperatorPort = ctx.request().localAddress() != null
                && ctx.request().localAddress().port() == operatorPort;
        if (onOperatorPort || !isOperatorPath(ctx.request().path())) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(problems.json(problems.problem(ProblemCode.NOT_FOUND, "No such resource", ctx.request().path(),
                        ctx.response().headers().get(RequestIds.HEADER), null)));
    }
}
