package dev.troco.gateway.overload;

import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.kit.problem.ProblemWriter;
import dev.troco.kit.problem.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.troco.gateway.notification.DashboardStreamProxy;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps an overloaded gateway useful: a bounded number of merchant requests in flight (the rest answered 503 with
 * {@code Retry-After} on the event loop, before costing anything), and requests that waited too long for a worker
 * thread answered 503 instead of carried out late. Both answers are safe to retry: nothing was done, and a create
 * retried with its Idempotency-Key is still created once.
 *
 * <p>Without this, a burst after a restart (every client retrying at once) or a slow dependency fills the worker
 * queue with requests whose clients have already timed out; the gateway then spends all its time on abandoned
 * work and never catches up (found by bench/faults.py).
 */
@ApplicationScoped
public class LoadShedding {

    static final String ARRIVED_AT = "troco.arrivedAtNanos";

    private final OverloadSettings settings;
    private final ProblemWriter problems;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shedAtDoor;
    private final Counter shedStale;
    private final Counter shedSlowBody;

    LoadShedding(OverloadSettings settings, ProblemWriter problems, MeterRegistry metrics) {
        this.settings = settings;
        this.problems = problems;
        Gauge.builder("troco.gateway.requests.in.flight", inFlight, AtomicInteger::get).register(metrics);
        this.shedAtDoor = metrics.counter("troco.gateway.requests.shed", "reason", "in_flight");
        this.shedStale = metrics.counter("troco.gateway.requests.shed", "reason", "queue_wait");
        this.shedSlowBody = metrics.counter("troco.gateway.requests.shed", "reason", "slow_body");
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::admit);
        router.route().order(Integer.MIN_VALUE + 2).handler(this::boundBodyReading);
    }

    /** Merchant requests take an in-flight slot; live streams do not (they have their own bounds: LiveStreams). */
    static boolean isMerchantPath(String path) {
        return path != null && (path.startsWith("/v1/") || path.startsWith("/payment/") || path.startsWith("/checkout/"))
                && !path.equals(DashboardStreamProxy.PATH);
    }

    /** A body still arriving after {@code bodyReadTimeoutMs} is cut off: 408 and the connection closed. */
    private void boundBodyReading(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            long timer = ctx.vertx().setTimer(settings.bodyReadTimeoutMs(), id -> {
                if (request.isEnded()) {
                    return;
                }
                shedSlowBody.increment();
                HttpServerResponse response = ctx.response();
                if (!response.headWritten()) {
                    response.setStatusCode(408)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(problems.json(problems.problem(ProblemCode.REQUEST_TIMEOUT,
                                    "The request body did not arrive within " + settings.bodyReadTimeoutMs() + " ms",
                                    request.path(), response.headers().get(RequestIds.HEADER), null)))
                            .onComplete(done -> request.connection().close());
                } else {
                    request.connection().close();
                }
            });
            ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        }
        ctx.next();
    }

    private void admit(RoutingContext ctx) {
        if (!isMerchantPath(ctx.request().path())) {
            ctx.next();
            return;
        }
        if (inFlight.incrementAndGet() > settings.maxInFlight()) {
            inFlight.decrementAndGet();
            shedAtDoor.increment();
            ctx.response()
                    .setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .putHeader("Retry-After", "1")
                    .end(problems.json(problems.problem(ProblemCode.SERVICE_UNAVAILABLE,
                            "Troco is busy; retry in a second (with the same Idempotency-Key)",
                            ctx.request().path(), ctx.response().headers().get(RequestIds.HEADER), null)));
            return;
        }
        ctx.put(ARRIVED_AT, System.nanoTime());
        ctx.addEndHandler(done -> inFlight.decrementAndGet());
        ctx.next();
    }

    /** Runs on the worker thread that is about to carry the request out, before authentication. */
    @ServerRequestFilter(priority = 10)
    public void refuseStale(RoutingContext ctx) {
        Long arrivedAt = ctx.get(ARRIVED_AT);
        if (arrivedAt == null) {
            return;
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - arrivedAt);
        if (waitedMs > settings.maxQueueWaitMs()) {
            shedStale.increment();
            ctx.response().putHeader("Retry-After", "1");
            throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "Troco is busy (this request waited " + waitedMs
                    + " ms for its turn); retry in a second (with the same Idempotency-Key)");
        }
    }
}
