package dev.troco.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One merchant flow per arrival, through the gateway with real keys: {@code POST /v1/charges} (PIX, with an
 * Idempotency-Key), then {@code POST /v1/charges/{id}/simulate {"outcome":"paid"}}, then the {@code charge.paid}
 * webhook at the receiver. With retries on (the fault run), a failed call is retried as a careful merchant would:
 * the same Idempotency-Key for the create, and for the payment a look at the charge before paying again.
 */
final class PayinLoad {

    /** What one step (a rate held for a while) measured. */
    static final class Step {
        final String label;
        final double rate;
        final Latency create = new Latency();
        final Latency pay = new Latency();
        final Latency complete = new Latency();
        final Latency paidToWebhook = new Latency();
        final Latency payRequestToWebhook = new Latency();
        final AtomicLong offered = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong created = new AtomicLong();
        final AtomicLong createdAccepted = new AtomicLong();
        final AtomicLong paid = new AtomicLong();
        final AtomicLong webhooks = new AtomicLong();
        final AtomicLong duplicateWebhooks = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        volatile long startNanos;
        volatile long lastCompletionNanos;

        Step(String label, double rate) {
            this.label = label;
            this.rate = rate;
        }

        void error(String what) {
            errors.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** A paid charge waiting for its webhook. */
    private record Awaited(Step step, long payRequestNanos) {
    }

    private static final String[] DOCUMENTS = {"349.608.263-12", "529.982.247-25", "11.222.333/0001-81"};

    private final Http http;
    private final List<Tenants.Tenant> tenants;
    private final int maxInFlight;
    private final double retrySeconds;
    private final BufferedWriter journal;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Awaited> awaiting = new ConcurrentHashMap<>();
    private final Map<String, String> notified = new ConcurrentHashMap<>();
    private final AtomicLong invalidWebhooks = new AtomicLong();
    private final AtomicLong strayWebhooks = new AtomicLong();

    PayinLoad(Http http, List<Tenants.Tenant> tenants, WebhookReceiver receiver, int maxInFlight, double retrySeconds,
              BufferedWriter journal) {
        this.http = http;
        this.tenants = tenants;
        this.maxInFlight = maxInFlight;
        this.retrySeconds = retrySeconds;
        this.journal = journal;
        receiver.listener(this::webhook);
    }

    /** Holds {@code rate} arrivals per second for {@code seconds}, then waits up to {@code drainSeconds} for the rest. */
    Step run(String label, double rate, double seconds, double drainSeconds) {
        Step step = new Step(label, rate);
        step.startNanos = System.nanoTime();
        OpenLoop.run(rate, seconds, intended -> arrive(step, intended));
        long deadline = System.nanoTime() + (long) (drainSeconds * 1e9);
        while (System.nanoTime() < deadline && (inFlight.get() > 0 || awaitingOf(step) > 0)) {
            sleep(100);
        }
        return step;
    }

    long inFlight() {
        return inFlight.get();
    }

    long awaitingOf(Step step) {
        return awaiting.values().stream().filter(a -> a.step == step).count();
    }

    private void arrive(Step step, long intended) {
        step.offered.incrementAndGet();
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            step.dropped.incrementAndGet();
            return;
        }
        long n = sequence.incrementAndGet();
        Tenants.Tenant tenant = tenants.get((int) (n % tenants.size()));
        String idempotencyKey = "bench-" + UUID.randomUUID();
        Map<String, Object> charge = Map.of(
                "method", "pix",
                "customNumber", "BENCH-" + n,
                "title", Map.of("expireDate", "2099-12-31T23:59:59", "amountInCents", 100 + (n * 7919) % 99_900,
                        "instructions", "Bench charge " + n),
                "buyer", Map.of("name", "Maria da Silva", "document", DOCUMENTS[(int) (n % DOCUMENTS.length)],
                        "email", "maria@example.com"));
        create(step, tenant, charge, idempotencyKey, intended, intended + (long) (retrySeconds * 1e9));
    }

    /**
     * When to try again: exponential backoff from 250 ms, doubled per attempt up to 8 s, with ±50% jitter, as a
     * careful client retries, so that a service coming back is not flattened by everyone retrying at once.
     */
    private static Executor backoff(int attempt) {
        long base = Math.min(8_000, 250L << Math.min(attempt, 5));
        long jittered = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        return CompletableFuture.delayedExecutor(jittered, TimeUnit.MILLISECONDS);
    }

    private void create(Step step, Tenants.Tenant tenant, Map<String, Object> charge, String idempotencyKey,
                        long intended, long retryDeadline) {
        create(step, tenant, charge, idempotencyKey, intended, retryDeadline, 0);
    }

    private void create(Step step, Tenants.Tenant tenant, Map<String, Object> charge, String idempotencyKey,
                        long intended, long retryDeadline, int attempt) {
        Map<String, String> headers = new TreeMap<>(tenant.auth());
        headers.put("Idempotency-Key", idempotencyKey);
        http.send("POST", "/v1/charges", charge, headers).whenComplete((answer, failure) -> {
            String problem = failure != null ? "create: " + rootCause(failure)
                    : answer.status() == 201 || answer.status() == 202 ? null : "create: HTTP " + answer.status()
                    + " " + answer.body().path("code").asText();
            if (problem == null) {
                long now = System.nanoTime();
                step.create.recordNanos(now - intended);
                step.created.incrementAndGet();
                if (answer.status() == 202) {
                    step.createdAccepted.incrementAndGet();
                }
                String id = answer.text("id");
                log("CREATED " + id + " " + tenant.companyId() + " " + idempotencyKey);
                pay(step, tenant, id, intended, retryDeadline, false, 0);
            } else if (System.nanoTime() < retryDeadline && retryable(answer)) {
                step.error(problem + " (retried)");
                backoff(attempt).execute(() -> create(step, tenant, charge, idempotencyKey, intended, retryDeadline,
                        attempt + 1));
            } else {
                fail(step, problem, "CREATE-FAILED " + idempotencyKey);
            }
        });
    }

    /**
     * Pays the charge. A charge answered 202 may not be readable yet (404 until the charge-service has it); after
     * a failure whose outcome is unknown, the charge is read first: if it is already Paid, the earlier attempt won.
     */
    private void pay(Step step, Tenants.Tenant tenant, String id, long intended, long retryDeadline, boolean unsure,
                     int attempt) {
        if (unsure) {
            http.send("GET", "/v1/charges/" + id, null, tenant.auth()).whenComplete((answer, failure) -> {
                String status = failure == null && answer.status() == 200
                        ? answer.body().path("status").path("name").asText() : null;
                if ("Paid".equals(status)) {
                    paid(step, id, intended, System.nanoTime());
                } else if (System.nanoTime() >= retryDeadline) {
                    awaiting.remove(id);
                    fail(step, "pay: gave up", "PAY-FAILED " + id);
                } else if (status == null) {
                    backoff(attempt).execute(() -> pay(step, tenant, id, intended, retryDeadline, true, attempt + 1));
                } else if ("Created".equals(status)) {
                    pay(step, tenant, id, intended, retryDeadline, false, attempt);
                } else {
                    awaiting.remove(id);
                    fail(step, "pay: charge is " + status, "PAY-FAILED " + id);
                }
            });
            return;
        }
        long sent = System.nanoTime();
        awaiting.put(id, new Awaited(step, sent));
        http.send("POST", "/v1/charges/" + id + "/simulate", Map.of("outcome", "paid"), tenant.auth())
                .whenComplete((answer, failure) -> {
                    if (failure == null && (answer.status() == 200 || answer.status() == 202)) {
                        step.pay.recordNanos(System.nanoTime() - sent);
                        paid(step, id, intended, System.nanoTime());
                        return;
                    }
                    String problem = failure != null ? "pay: " + rootCause(failure)
                            : "pay: HTTP " + answer.status() + " " + answer.body().path("code").asText();
                    boolean notYetVisible = failure == null && answer.status() == 404;
                    if (System.nanoTime() < retryDeadline || (notYetVisible && System.nanoTime() - sent < 30e9)) {
                        step.error(problem + " (retried)");
                        // 409 (already paid?) and transport failures leave the outcome unknown: look first.
                        boolean look = failure != null || answer.status() == 409 || answer.status() >= 500;
                        backoff(attempt).execute(() -> pay(step, tenant, id, intended, retryDeadline, look,
                                attempt + 1));
                    } else {
                        awaiting.remove(id);
                        fail(step, problem, "PAY-FAILED " + id);
                    }
                });
    }

    private void paid(Step step, String id, long intended, long now) {
        step.complete.recordNanos(now - intended);
        step.paid.incrementAndGet();
        step.lastCompletionNanos = now;
        log("PAID " + id);
        if (notified.containsKey(id)) {
            awaiting.remove(id); // the webhook beat the answer
        }
        inFlight.decrementAndGet();
    }

    private void fail(Step step, String problem, String journalLine) {
        step.error(problem);
        step.failed.incrementAndGet();
        log(journalLine);
        inFlight.decrementAndGet();
    }

    private void webhook(WebhookReceiver.Receipt receipt) {
        log("WEBHOOK " + receipt.webhookId() + " " + receipt.eventType() + " " + receipt.chargeId() + " "
                + (receipt.valid() ? "valid" : "INVALID"));
        if (!receipt.valid()) {
            invalidWebhooks.incrementAndGet();
            return;
        }
        if (!"charge.paid".equals(receipt.eventType())) {
            return;
        }
        String firstId = notified.putIfAbsent(receipt.chargeId(), receipt.webhookId());
        Awaited awaited = awaiting.remove(receipt.chargeId());
        if (firstId != null) {
            if (awaited != null) {
                awaited.step.duplicateWebhooks.incrementAndGet();
            }
            return;
        }
        if (awaited == null) {
            strayWebhooks.incrementAndGet();
            return;
        }
        awaited.step.webhooks.incrementAndGet();
        awaited.step.payRequestToWebhook.recordNanos(receipt.receivedNanos() - awaited.payRequestNanos);
        if (receipt.paidAt() != null) {
            long millis = receipt.receivedEpochMillis() - receipt.paidAt().toEpochMilli();
            awaited.step.paidToWebhook.recordNanos(Math.max(0, millis) * 1_000_000L);
        }
    }

    long invalidWebhooks() {
        return invalidWebhooks.get();
    }

    private static boolean retryable(Http.Answer answer) {
        return answer == null || answer.status() >= 500 || answer.status() == 429 || answer.status() == 409;
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    private void log(String line) {
        if (journal == null) {
            return;
        }
        synchronized (journal) {
            try {
                journal.write(System.currentTimeMillis() + " " + line);
                journal.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static ObjectNode json(Step step, double seconds) {
        ObjectNode node = Http.JSON.createObjectNode();
        node.put("label", step.label);
        node.put("offeredRate", step.rate);
        node.put("seconds", seconds);
        node.put("offered", step.offered.get());
        node.put("dropped", step.dropped.get());
        node.put("created", step.created.get());
        node.put("createdAccepted202", step.createdAccepted.get());
        node.put("paid", step.paid.get());
        node.put("failed", step.failed.get());
        double elapsed = Math.max(seconds, (step.lastCompletionNanos - step.startNanos) / 1e9);
        node.put("achievedRate", step.paid.get() == 0 ? 0 : Math.round(step.paid.get() / elapsed * 10) / 10.0);
        node.put("webhooks", step.webhooks.get());
        node.put("duplicateWebhooks", step.duplicateWebhooks.get());
        ObjectNode errors = node.putObject("errors");
        step.errors.forEach((what, count) -> errors.put(what, count.get()));
        ObjectNode latency = node.putObject("latencyMs");
        latency.set("create", step.create.json());
        latency.set("pay", step.pay.json());
        latency.set("createAndPay", step.complete.json());
        latency.set("paidToWebhook", step.paidToWebhook.json());
        latency.set("payRequestToWebhook", step.payRequestToWebhook.json());
        return node;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
