package dev.troco.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A merchant's webhook receiver on 127.0.0.1 (JDK HTTP server): records every request it gets and
 * answers what the test's {@link Responder} says, which may also take its time, as a slow receiver does.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived: header names lowercased. */
    public record Request(int number, String path, Map<String, String> headers, byte[] body, Instant receivedAt) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What to answer. */
    public record Reply(int status, String body, Map<String, String> headers) {

        public static Reply status(int status) {
            return new Reply(status, "", Map.of());
        }

        public static Reply ok() {
            return new Reply(200, "{\"received\": true}", Map.of("Content-Type", "application/json"));
        }
    }

    /** Decides the answer to the {@code number}-th request (1-based). */
    @FunctionalInterface
    public interface Responder {
        Reply answer(Request request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Responder responder;

    private WebhookReceiver(Responder responder) {
        this.responder = responder;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static WebhookReceiver start(Responder responder) {
        return new WebhookReceiver(responder);
    }

    /** Answers 200 to everything. */
    public static WebhookReceiver accepting() {
        return start(request -> Reply.ok());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        headers.put("x-method", exchange.getRequestMethod());
        Request request = new Request(count.incrementAndGet(), exchange.getRequestURI().toString(), Map.copyOf(headers),
                body, Instant.now());
        requests.add(request);
        Reply reply;
        try {
            reply = responder.answer(request);
        } catch (Exception e) {
            reply = new Reply(500, e.toString(), Map.of());
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            // the sender gave up waiting (its timeout): nobody reads this answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
