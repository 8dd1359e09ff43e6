package dev.troco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The merchants' webhook endpoint: {@code POST /hooks/{tenant}}. Every delivery's Standard Webhooks signature is
 * verified with that tenant's secret (constant-time compare, any of the space-separated signatures, timestamp within
 * five minutes) before it counts; a bad signature is answered 400 and counted as invalid. While the file named by
 * {@link #downWhile} exists (bench/faults.py's receiver outage), every delivery is answered 503 and not counted.
 */
final class WebhookReceiver implements AutoCloseable {

    record Receipt(long receivedEpochMillis, long receivedNanos, String webhookId, String eventType, String chargeId,
                   Instant paidAt, boolean valid) {
    }

    interface Listener {
        void received(Receipt receipt);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "bench-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Integer, byte[]> keys = new ConcurrentHashMap<>();
    private volatile Listener listener = receipt -> { };
    private volatile Path downWhile;
    private final AtomicLong refused = new AtomicLong();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(executor);
        server.createContext("/hooks/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void trust(int tenant, byte[] key) {
        keys.put(tenant, key);
    }

    void listener(Listener listener) {
        this.listener = listener;
    }

    /** Answers 503 to every delivery while {@code flag} exists: a merchant's receiver that is down. */
    void downWhile(Path flag) {
        this.downWhile = flag;
    }

    /** Deliveries answered 503 because the receiver was down. */
    long refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Path flag = downWhile;
            if (flag != null && Files.exists(flag)) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            long nanos = System.nanoTime();
            long millis = System.currentTimeMillis();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            int tenant = tenantOf(exchange.getRequestURI().getPath());
            boolean valid = verify(keys.get(tenant), id, timestamp, signatures, body, millis / 1000);
            String eventType = "";
            String chargeId = "";
            Instant paidAt = null;
            try {
                JsonNode json = Http.JSON.readTree(body);
                eventType = json.path("eventType").asText();
                chargeId = json.path("id").asText();
                if (json.hasNonNull("paidAt")) {
                    paidAt = Instant.parse(json.get("paidAt").asText());
                }
            } catch (IOException | RuntimeException e) {
                valid = false;
            }
            listener.received(new Receipt(millis, nanos, id, eventType, chargeId, paidAt, valid));
            exchange.sendResponseHeaders(valid ? 204 : 400, -1);
        }
    }

    private static int tenantOf(String path) {
        try {
            return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean verify(byte[] key, String id, String timestamp, String signatures, byte[] body, long nowSeconds) {
        if (key == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            if (Math.abs(nowSeconds - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String signature : signatures.split(" ")) {
                int comma = signature.indexOf(',');
                if (comma > 0 && signature.substring(0, comma).equals("v1")) {
                    byte[] given = Base64.getDecoder().decode(signature.substring(comma + 1));
                    if (MessageDigest.isEqual(expected, given)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
