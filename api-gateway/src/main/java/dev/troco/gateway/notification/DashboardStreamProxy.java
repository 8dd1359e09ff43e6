package dev.troco.gateway.notification;

import dev.troco.gateway.security.CallerAddress;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.kit.problem.ProblemWriter;
import dev.troco.kit.problem.RequestIds;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.troco.kit.security.InternalApiGuard;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code GET /v1/dashboard/notifications/stream}: the live feed of the person logged in, as
 * Server-Sent Events. The session is checked here (on a worker thread: it reads the database), then
 * the notification-service's stream for that person and company is relayed chunk by chunk as it
 * arrives, never buffered: each event reaches the browser when the notification-service writes it.
 * Closing either side closes the other. A Vert.x route rather than a JAX-RS method, because the
 * bytes are relayed as they are, not parsed and written again.
 */
@ApplicationScoped
public class DashboardStreamProxy {

    public static final String PATH = "/v1/dashboard/notifications/stream";
    private static final Logger LOG = Logger.getLogger(DashboardStreamProxy.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final Vertx vertx;
    private final DashboardViewer viewers;
    private final CallerAddress caller;
    private final LiveStreams streams;
    private final Optional<String> serviceToken;
    private final ProblemWriter problems;
    private final URI upstream;
    private HttpClient client;

    DashboardStreamProxy(Vertx vertx, DashboardViewer viewers, CallerAddress caller, LiveStreams streams,
            ProblemWriter problems, @ConfigProperty(name = "quarkus.rest-client.notification-service.url") URI upstream,
            @ConfigProperty(name = "troco.internal.service-token") Optional<String> serviceToken) {
        this.streams = streams;
        this.serviceToken = serviceToken.filter(t -> !t.isBlank());
        this.vertx = vertx;
        this.viewers = viewers;
        this.caller = caller;
        this.problems = problems;
        this.upstream = upstream;
    }

    void install(@Observes Router router) {
        // No idle timeout: a stream lives as long as the browser keeps it (heartbeats flow every 15 s).
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setIdleTimeout(0)
                .setMaxPoolSize(1_000));
        router.get(PATH).order(-100).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String companyId = ctx.request().getParam("companyId");
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        if (companyId != null && !ID.matcher(companyId).matches()) {
            fail(ctx, ApiException.invalidField("companyId", "pattern", "is not a company id"));
            return;
        }
        String clientIp = caller.of(ctx.request());
        vertx.<DashboardViewer.Viewer>executeBlocking(() -> viewers.resolve(authorization, companyId, clientIp), false)
                .onSuccess(viewer -> relay(ctx, viewer, lastEventId))
                .onFailure(e -> fail(ctx, e));
    }

    private void relay(RoutingContext ctx, DashboardViewer.Viewer viewer, String lastEventId) {
        HttpServerResponse response = ctx.response();
        LiveStreams.Stream admitted;
        try {
            // closing the browser's connection closes the upstream one too (below)
            admitted = streams.admit(viewer.userId(), viewer.companyId(), viewer.sessionHash(),
                    () -> ctx.request().connection().close());
        } catch (ApiException refused) {
            fail(ctx, refused);
            return;
        }
        response.closeHandler(v -> admitted.release());
        ctx.addEndHandler(v -> admitted.release());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(upstream.getHost()).setPort(upstream.getPort() > 0 ? upstream.getPort() : 80)
                .setURI("/internal/v1/companies/" + viewer.companyId() + "/dashboard/users/" + viewer.userId()
                        + "/notifications/stream")
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream")
                .putHeader(RequestIds.HEADER, response.headers().get(RequestIds.HEADER));
        // a raw Vert.x client, not a REST client: the service credential is added here by hand
        serviceToken.ifPresent(token -> options.putHeader(InternalApiGuard.HEADER, token));
        if (lastEventId != null && ID.matcher(lastEventId).matches()) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        client.request(options)
                .compose(request -> {
                    // The browser going away ends the upstream stream too, and gives the slot back.
                    response.closeHandler(v -> {
                        admitted.release();
                        request.connection().close();
                    });
                    return request.send();
                })
                .onSuccess(upstreamResponse -> forward(ctx, upstreamResponse))
                .onFailure(e -> {
                    LOG.warnf("dashboard stream: notification-service unreachable (%s)", e.getMessage());
                    fail(ctx, new ApiException(ProblemCode.SERVICE_UNAVAILABLE,
                            "Notifications cannot be reached; retry shortly"));
                });
    }

    private void forward(RoutingContext ctx, HttpClientResponse upstreamResponse) {
        HttpServerResponse response = ctx.response();
        if (upstreamResponse.statusCode() != 200) {
            upstreamResponse.body().onComplete(body -> {
                if (!response.ended()) {
                    response.setStatusCode(upstreamResponse.statusCode() >= 500 ? 503 : upstreamResponse.statusCode())
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                            .end(body.succeeded() ? body.result() : io.vertx.core.buffer.Buffer.buffer());
                }
            });
            return;
        }
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // Nginx (the ingress) would otherwise buffer the stream.
                .putHeader("X-Accel-Buffering", "no");
        // pipeTo writes each chunk as it comes, with back-pressure, and ends the response when upstream ends.
        upstreamResponse.pipeTo(response).onFailure(e -> LOG.debugf("dashboard stream ended: %s", e.getMessage()));
    }

    private void fail(RoutingContext ctx, Throwable e) {
        if (ctx.response().ended()) {
            return;
        }
        ApiException problem = e instanceof ApiException api ? api
                : new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "The stream cannot be opened now; retry shortly");
        if (!(e instanceof ApiException)) {
            LOG.warnf("dashboard stream refused: %s", e.toString());
        }
        String requestId = ctx.response().headers().get(RequestIds.HEADER);
        if (problem.retryAfterSeconds() > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        ctx.response().setStatusCode(problem.problemCode().status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(problems.json(problems.problem(problem.problemCode(), problem.getMessage(), ctx.request().path(),
                        requestId, problem.errors().isEmpty() ? null : problem.errors())));
    }
}
