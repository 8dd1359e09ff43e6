package dev.troco.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The bare HTTP baseline: the same open loop and client, one {@code POST} of a charge-shaped body per arrival. */
final class HttpLoad {

    private final Http http;
    private final String path;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();

    HttpLoad(Http http, String path, int maxInFlight) {
        this.http = http;
        this.path = path;
        this.maxInFlight = maxInFlight;
    }

    ObjectNode run(String label, double rate, double seconds) {
        Latency latency = new Latency();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        AtomicLong last = new AtomicLong();
        Map<String, Object> body = Map.of("method", "pix", "customNumber", "BASELINE",
                "title", Map.of("expireDate", "2099-12-31T23:59:59", "amountInCents", 8652, "instructions", "x"),
                "buyer", Map.of("name", "Maria da Silva", "document", "349.608.263-12", "email", "maria@example.com"));
        long start = System.nanoTime();
        long offered = OpenLoop.run(rate, seconds, intended -> {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                dropped.incrementAndGet();
                return;
            }
            http.send("POST", path, body, Map.of()).whenComplete((answer, failure) -> {
                long now = System.nanoTime();
                if (failure == null && answer.status() == 201) {
                    latency.recordNanos(now - intended);
                    ok.incrementAndGet();
                    last.accumulateAndGet(now, Math::max);
                } else {
                    failed.incrementAndGet();
                }
                inFlight.decrementAndGet();
            });
        });
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ObjectNode node = Http.JSON.createObjectNode();
        node.put("label", label);
        node.put("offeredRate", rate);
        node.put("seconds", seconds);
        node.put("offered", offered);
        node.put("ok", ok.get());
        node.put("failed", failed.get());
        node.put("dropped", dropped.get());
        double elapsed = Math.max(seconds, (last.get() - start) / 1e9);
        node.put("achievedRate", Math.round(ok.get() / elapsed * 10) / 10.0);
        node.putObject("latencyMs").set("request", latency.json());
        return node;
    }
}
