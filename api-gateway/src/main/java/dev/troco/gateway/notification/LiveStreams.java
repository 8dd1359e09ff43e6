package dev.troco.gateway.notification;

import dev.troco.gateway.service.Authentication;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The live streams this replica holds: admitted within a total, per-person and per-company bound (so one person
 * cannot hold every slot), and closed when their session ends (logout, expiry, idle timeout, removal of the
 * person), checked for all open streams in one query every {@link StreamSettings#sessionCheckIntervalMs()}.
 */
@ApplicationScoped
public class LiveStreams {

    private static final Logger LOG = Logger.getLogger(LiveStreams.class);

    private final StreamSettings settings;
    private final Authentication authentication;
    private final Vertx vertx;
    private final Clock clock;
    private final AtomicInteger total = new AtomicInteger();
    // Counts change inside compute(): atomic per key, and a key at zero is removed, never left to be reused.
    private final Map<String, Integer> perPerson = new ConcurrentHashMap<>();
    private final Map<String, Integer> perCompany = new ConcurrentHashMap<>();
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();

    LiveStreams(StreamSettings settings, Authentication authentication, Vertx vertx, Clock clock,
            MeterRegistry metrics) {
        this.settings = settings;
        this.authentication = authentication;
        this.vertx = vertx;
        this.clock = clock;
        Gauge.builder("troco.gateway.streams.open", total, AtomicInteger::get).register(metrics);
    }

    /** An admitted stream; {@link #release()} gives its slot back (once, however often it is called). */
    public final class Stream {

        private final String userId;
        private final String companyId;
        private final String sessionHash;
        private final Runnable closer;
        private final AtomicBoolean released = new AtomicBoolean();

        private Stream(String userId, String companyId, String sessionHash, Runnable closer) {
            this.userId = userId;
            this.companyId = companyId;
            this.sessionHash = sessionHash;
            this.closer = closer;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                open.remove(this);
                total.decrementAndGet();
                giveBack(perPerson, userId);
                giveBack(perCompany, companyId);
            }
        }
    }

    /**
     * Admits a stream of {@code userId} in {@code companyId} for the session {@code sessionHash}, or refuses it
     * with 429 naming the bound it would cross. {@code closer} ends the stream when its session ends.
     */
    public Stream admit(String userId, String companyId, String sessionHash, Runnable closer) {
        if (!take(perPerson, userId, settings.maxPerPerson())) {
            throw refused("you already have " + settings.maxPerPerson() + " live streams open; close one first");
        }
        if (!take(perCompany, companyId, settings.maxPerCompany())) {
            giveBack(perPerson, userId);
            throw refused("your company's people have " + settings.maxPerCompany() + " live streams open");
        }
        if (!take(total, settings.maxTotal())) {
            giveBack(perPerson, userId);
            giveBack(perCompany, companyId);
            throw refused("this server holds as many live streams as it can; retry shortly");
        }
        Stream stream = new Stream(userId, companyId, sessionHash, closer);
        open.add(stream);
        return stream;
    }

    private static boolean take(Map<String, Integer> counts, String key, int max) {
        boolean[] taken = {false};
        counts.compute(key, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= max) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        return taken[0];
    }

    private static void giveBack(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private static boolean take(AtomicInteger counter, int max) {
        if (counter.incrementAndGet() > max) {
            counter.decrementAndGet();
            return false;
        }
        return true;
    }

    private static ApiException refused(String detail) {
        return ApiException.retryAfter(ProblemCode.QUOTA_EXCEEDED, "Live stream refused: " + detail, 30);
    }

    void startSessionChecks(@Observes StartupEvent started) {
        vertx.setPeriodic(settings.sessionCheckIntervalMs(), id -> {
            if (open.isEmpty()) {
                return;
            }
            List<Stream> streams = List.copyOf(open);
            vertx.<Set<String>>executeBlocking(() -> authentication.liveSessions(
                            streams.stream().map(s -> s.sessionHash).distinct().toList(), clock.instant()), false)
                    .onSuccess(alive -> streams.stream().filter(s -> !alive.contains(s.sessionHash)).forEach(s -> {
                        LOG.debugf("closing a live stream of %s: its session ended", s.userId);
                        s.release();
                        s.closer.run();
                    }))
                    .onFailure(e -> LOG.warnf("live streams not checked against sessions this time: %s", e.toString()));
        });
    }
}
