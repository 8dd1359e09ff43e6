package dev.troco.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code troco-bench payin|http|faults-load [options]}: see bench/README.md. Each command writes one JSON file of
 * results ({@code --out}); bench/run.py turns them into the report.
 */
public final class BenchMain {

    /** A step is "bounded" when at most this share of its arrivals failed or were dropped, ... */
    static final double MAX_FAILED_SHARE = 0.01;
    /** ... at least this share of the offered rate completed, ... */
    static final double MIN_ACHIEVED_SHARE = 0.95;
    /** ... and the 99th percentile stayed under this. */
    static final double MAX_P99_MS = 1000;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        List<String> arguments = Arrays.asList(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        Options options = new Options(arguments.subList(Math.min(1, arguments.size()), arguments.size()));
        switch (command) {
            case "payin" -> payin(options);
            case "http" -> httpBaseline(options);
            case "faults-load" -> faultsLoad(options);
            default -> {
                System.out.println("usage: troco-bench payin|http|faults-load [--option=value ...] (bench/README.md)");
                System.exit(command.equals("help") ? 0 : 2);
            }
        }
        System.exit(0);
    }

    private static void payin(Options options) throws IOException {
        String gateway = options.text("gateway", "http://127.0.0.1:8080");
        Path dataDir = Path.of(options.text("data-dir", ".troco"));
        int companies = options.integer("companies", 8);
        List<Double> rates = rates(options, 20, 1.5, 3000);
        double stepSeconds = options.decimal("step-seconds", 20);
        double drainSeconds = options.decimal("drain-seconds", 20);
        double warmupSeconds = options.decimal("warmup-seconds", 15);
        List<Double> fractions = options.decimals("fractions", "0.5,0.8");
        double fractionSeconds = options.decimal("fraction-seconds", 30);
        int maxInFlight = options.integer("max-in-flight", 2000);
        int pgPort = options.integer("pg-port", 15432);
        Path out = Path.of(options.text("out", "bench-payin.json"));
        options.requireAllKnown();

        ObjectNode result = Http.JSON.createObjectNode();
        result.put("command", "payin");
        result.put("startedAt", Instant.now().toString());
        result.put("gateway", gateway);
        result.put("companies", companies);
        result.put("stepSeconds", stepSeconds);
        criteria(result, "createAndPay");
        try (WebhookReceiver receiver = new WebhookReceiver(); Http http = new Http(gateway)) {
            long setup = System.nanoTime();
            List<Tenants.Tenant> tenants = Tenants.create(http, dataDir, companies, receiver.port());
            tenants.forEach(t -> receiver.trust(t.index(), t.webhookKey()));
            System.out.printf("set up %d companies with keys and webhook endpoints in %.1f s%n", companies,
                    (System.nanoTime() - setup) / 1e9);
            PayinLoad load = new PayinLoad(http, tenants, receiver, maxInFlight, 0, null);
            ProcessSampler sampler = new ProcessSampler(pgPort);

            if (warmupSeconds > 0) {
                load.run("warm-up", rates.get(0), warmupSeconds, drainSeconds);
                System.out.printf("warmed up at %.0f/s for %.0f s%n", rates.get(0), warmupSeconds);
            }
            ArrayNode steps = result.putArray("steps");
            double knee = 0;
            for (double rate : rates) {
                ObjectNode step = measure(load, sampler, "step", rate, stepSeconds, drainSeconds);
                steps.add(step);
                if (!step.path("bounded").asBoolean()) {
                    break;
                }
                knee = rate;
            }
            result.put("kneeRate", knee);
            ArrayNode atFractions = result.putArray("fractions");
            if (knee > 0) {
                for (double fraction : fractions) {
                    ObjectNode run = measure(load, sampler, Math.round(fraction * 100) + "% of knee",
                            Math.max(1, Math.round(knee * fraction)), fractionSeconds, drainSeconds);
                    run.put("fraction", fraction);
                    atFractions.add(run);
                }
            }
            result.put("invalidWebhookSignatures", load.invalidWebhooks());
            result.put("refusedWhileReceiverDown", receiver.refused());
            result.set("finalProcesses", ProcessSampler.delta(sampler.sample(), sampler.sample(), 0).get("memoryMb"));
        }
        write(out, result);
    }

    private static ObjectNode measure(PayinLoad load, ProcessSampler sampler, String label, double rate,
                                      double seconds, double drainSeconds) {
        ProcessSampler.Sample before = sampler.sample();
        PayinLoad.Step step = load.run(label, rate, seconds, drainSeconds);
        ProcessSampler.Sample after = sampler.sample();
        ObjectNode node = PayinLoad.json(step, seconds);
        node.setAll(ProcessSampler.delta(before, after, step.paid.get()));
        long failed = step.failed.get() + step.dropped.get();
        boolean bounded = failed <= MAX_FAILED_SHARE * step.offered.get()
                && node.path("achievedRate").asDouble() >= MIN_ACHIEVED_SHARE * rate
                && step.complete.count() > 0 && step.complete.millisAt(99) <= MAX_P99_MS;
        node.put("bounded", bounded);
        System.out.printf("%-12s %6.0f/s  achieved %7.1f/s  create p50 %6.1f p99 %7.1f ms  paid->webhook p50 %6.1f "
                        + "p99 %7.1f ms  failed %d dropped %d  %s%n", label, rate, node.path("achievedRate").asDouble(),
                step.create.millisAt(50), step.create.millisAt(99), step.paidToWebhook.millisAt(50),
                step.paidToWebhook.millisAt(99), step.failed.get(), step.dropped.get(),
                bounded ? "bounded" : "NOT bounded " + node.path("errors"));
        return node;
    }

    private static void httpBaseline(Options options) throws IOException {
        String url = options.text("url", "http://127.0.0.1:18090");
        String path = options.text("path", "/v1/charges");
        List<Double> rates = rates(options, 500, 1.5, 200_000);
        double stepSeconds = options.decimal("step-seconds", 10);
        double warmupSeconds = options.decimal("warmup-seconds", 10);
        int maxInFlight = options.integer("max-in-flight", 4000);
        Path out = Path.of(options.text("out", "bench-http.json"));
        options.requireAllKnown();

        ObjectNode result = Http.JSON.createObjectNode();
        result.put("command", "http");
        result.put("startedAt", Instant.now().toString());
        result.put("url", url + path);
        criteria(result, "request");
        try (Http http = new Http(url)) {
            HttpLoad load = new HttpLoad(http, path, maxInFlight);
            if (warmupSeconds > 0) {
                load.run("warm-up", rates.get(0), warmupSeconds);
            }
            ArrayNode steps = result.putArray("steps");
            double knee = 0;
            for (double rate : rates) {
                ObjectNode step = load.run("step", rate, stepSeconds);
                long offered = step.path("offered").asLong();
                long failed = step.path("failed").asLong() + step.path("dropped").asLong();
                double p99 = step.path("latencyMs").path("request").path("p99").asDouble(Double.NaN);
                boolean bounded = failed <= MAX_FAILED_SHARE * offered
                        && step.path("achievedRate").asDouble() >= MIN_ACHIEVED_SHARE * rate && p99 <= MAX_P99_MS;
                step.put("bounded", bounded);
                steps.add(step);
                System.out.printf("http step %8.0f/s  achieved %8.1f/s  p50 %6.2f p99 %7.2f ms  failed %d  %s%n", rate,
                        step.path("achievedRate").asDouble(),
                        step.path("latencyMs").path("request").path("p50").asDouble(), p99, failed,
                        bounded ? "bounded" : "NOT bounded");
                if (!bounded) {
                    break;
                }
                knee = rate;
            }
            result.put("kneeRate", knee);
        }
        write(out, result);
    }

    /**
     * The fault run's load: a steady rate with retries on (as a careful merchant retries), every acknowledged
     * charge, payment and received webhook written to the journal for bench/faults.py to check against the
     * databases. After the load it keeps receiving webhooks until every paid charge has one or time is up.
     */
    private static void faultsLoad(Options options) throws IOException {
        String gateway = options.text("gateway", "http://127.0.0.1:8080");
        Path dataDir = Path.of(options.text("data-dir", ".troco"));
        int companies = options.integer("companies", 4);
        double rate = options.decimal("rate", 20);
        double seconds = options.decimal("seconds", 120);
        double retrySeconds = options.decimal("retry-seconds", 180);
        double settleSeconds = options.decimal("settle-seconds", 420);
        Path journalPath = Path.of(options.text("journal", "faults-journal.log"));
        Path out = Path.of(options.text("out", "faults-load.json"));
        String receiverDownFile = options.text("receiver-down-file", "");
        options.requireAllKnown();

        ObjectNode result = Http.JSON.createObjectNode();
        try (WebhookReceiver receiver = new WebhookReceiver(); Http http = new Http(gateway);
             BufferedWriter journal = Files.newBufferedWriter(journalPath)) {
            if (!receiverDownFile.isEmpty()) {
                receiver.downWhile(Path.of(receiverDownFile));
            }
            List<Tenants.Tenant> tenants = Tenants.create(http, dataDir, companies, receiver.port());
            tenants.forEach(t -> receiver.trust(t.index(), t.webhookKey()));
            for (Tenants.Tenant tenant : tenants) {
                journal.write(System.currentTimeMillis() + " TENANT " + tenant.companyId());
                journal.newLine();
            }
            journal.flush();
            System.out.printf("faults-load: %d companies, %.0f charges/s for %.0f s%n", companies, rate, seconds);
            PayinLoad load = new PayinLoad(http, tenants, receiver, 100_000, retrySeconds, journal);
            PayinLoad.Step step = load.run("faults", rate, seconds, retrySeconds + settleSeconds);
            result = PayinLoad.json(step, seconds);
            result.put("stillInFlight", load.inFlight());
            result.put("stillAwaitingWebhook", load.awaitingOf(step));
            result.put("invalidWebhookSignatures", load.invalidWebhooks());
            result.put("refusedWhileReceiverDown", receiver.refused());
            System.out.printf("faults-load: offered %d, created %d, paid %d, failed %d, webhooks %d, "
                            + "awaiting %d, in flight %d%n", step.offered.get(), step.created.get(), step.paid.get(),
                    step.failed.get(), step.webhooks.get(), load.awaitingOf(step), load.inFlight());
        }
        write(out, result);
    }

    private static List<Double> rates(Options options, double start, double growth, double max) {
        List<Double> explicit = options.decimals("rates", null);
        double from = options.decimal("start-rate", start);
        double factor = options.decimal("growth", growth);
        double to = options.decimal("max-rate", max);
        if (!explicit.isEmpty()) {
            return explicit;
        }
        List<Double> rates = new ArrayList<>();
        for (double rate = from; rate <= to; rate = Math.round(rate * factor)) {
            rates.add(rate);
        }
        return rates;
    }

    private static void criteria(ObjectNode result, String latency) {
        ObjectNode criteria = result.putObject("boundedWhen");
        criteria.put("maxFailedShare", MAX_FAILED_SHARE);
        criteria.put("minAchievedShare", MIN_ACHIEVED_SHARE);
        criteria.put("maxP99Ms", MAX_P99_MS);
        criteria.put("latency", latency);
    }

    private static void write(Path out, ObjectNode result) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Http.JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        System.out.println("wrote " + out);
    }
}
