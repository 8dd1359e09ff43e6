package dev.troco.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

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

    private final boolean https;

    private WebhookReceiver(Responder responder, boolean https) {
        this.responder = responder;
        this.https = https;
        try {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (https) {
                HttpsServer secure = HttpsServer.create(loopback, 50);
                secure.setHttpsConfigurator(new HttpsConfigurator(receiverTls()));
                server = secure;
            } else {
                server = HttpServer.create(loopback, 50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static WebhookReceiver start(Responder responder) {
        return new WebhookReceiver(responder, false);
    }

    /**
     * An HTTPS receiver, as production webhooks and IPNs require: its certificate (for 127.0.0.1,
     * self-signed, test-only) is trusted by the test JVM's trust store (see the module's pom).
     */
    public static WebhookReceiver https(Responder responder) {
        return new WebhookReceiver(responder, true);
    }

    private static SSLContext receiverTls() {
        try (InputStream in = WebhookReceiver.class.getResourceAsStream("/tls/receiver-keystore.p12")) {
            char[] password = "test-only".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(factory.getKeyManagers(), null, null);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test receiver's key", e);
        }
    }

    /** Answers 200 to everything. */
    public static WebhookReceiver accepting() {
        return start(request -> Reply.ok());
    }

    public String url(String path) {
        return (https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + path;
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
