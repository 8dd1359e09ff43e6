package dev.troco.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the notification-service's internal API in the gateway's tests: records every call
 * (method, path with query, body) and answers it with a JSON echo of what it got, so a test sees
 * exactly which company, user and environment the gateway passed on. The dashboard stream answers
 * text/event-stream, sends {@code ready}, then relays whatever a test {@link #push}es, keeping the
 * stream open: what the client gets while it is open was streamed, not buffered.
 */
public class NotificationServiceStub implements QuarkusTestResourceLifecycleManager {

    /** One call, with the service credential it carried (null without). */
    record Call(String method, String path, String body, String serviceToken) {
    }

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static final BlockingQueue<String> STREAM = new LinkedBlockingQueue<>();
    private HttpServer server;

    /** Sends one raw SSE event to the stream currently open. */
    static void push(String event) {
        STREAM.add(event);
    }

    @Override
    public Map<String, String> start() {
        try {
            // port 0: the system picks a free one as it binds, so nothing else can take it in between
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = server.getAddress().getPort();
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/internal/v1/companies/", this::handle);
        server.createContext("/internal/v1/email-recipient-confirmations", this::confirmRecipient);
        server.start();
        return Map.of("quarkus.rest-client.notification-service.url", "http://127.0.0.1:" + port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        CALLS.add(new Call(exchange.getRequestMethod(), path, body,
                exchange.getRequestHeaders().getFirst("Troco-Service-Token")));
        if (path.contains("/notifications/stream")) {
            stream(exchange);
            return;
        }
        int status = statusOf(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        if (status == 204) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        byte[] answer = ("{\"method\":\"" + exchange.getRequestMethod() + "\",\"path\":\"" + path + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /** The status the real service answers a successful call with: the gateway passes it on as it is. */
    static int statusOf(String method, String path) {
        if (method.equals("DELETE")) {
            return 204;
        }
        if (method.equals("POST") && path.endsWith("/webhook-endpoints")) {
            return 201;
        }
        if (method.equals("POST") && (path.endsWith("/redeliver") || path.endsWith("/events/recover"))) {
            return 202;
        }
        return 200;
    }

    /** A known token for the e-mail recipient confirmation; any other is unknown (404). */
    static final String KNOWN_CONFIRMATION_TOKEN = "known-confirmation-token-0123456789";

    private void confirmRecipient(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        CALLS.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body,
                exchange.getRequestHeaders().getFirst("Troco-Service-Token")));
        boolean known = body.contains("\"" + KNOWN_CONFIRMATION_TOKEN + "\"");
        byte[] answer = (known ? "{\"companyId\":\"cmp_stub\",\"address\":\"f***@loja.example\",\"confirmed\":true}"
                : "{\"status\":404,\"code\":\"not_found\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", known ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(known ? 200 : 404, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static void stream(HttpExchange exchange) throws IOException {
        STREAM.clear();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try (out) {
            out.write("event: ready\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (int i = 0; i < 600; i++) {
                String event = STREAM.poll(100, TimeUnit.MILLISECONDS);
                if (event != null) {
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the gateway closed the stream
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
