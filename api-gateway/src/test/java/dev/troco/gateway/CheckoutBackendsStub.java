package dev.troco.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in, over HTTP, for the two services the hosted checkout reads from in the gateway's test:
 * the charge-service's internal read (a charge as JSON and its QR PNG, only to the owning company
 * and environment) and the notification-service's issuing of IPN secrets. {@link CheckoutChargeService}
 * keeps the charges here current as it applies commands from the broker.
 */
public class CheckoutBackendsStub implements QuarkusTestResourceLifecycleManager {

    /** Bytes served as every QR code: a PNG signature and a marker the test finds in the page. */
    static final byte[] QR_PNG = "\u0089PNG\r\n\u001a\nstub-qr".getBytes(StandardCharsets.ISO_8859_1);

    record Owned(String merchantId, String environment, String json) {
    }

    record SecretRequest(String companyId, String environment, String credentialId) {
    }

    static final Map<String, Owned> CHARGES = new ConcurrentHashMap<>();
    static final List<SecretRequest> SECRET_REQUESTS = new CopyOnWriteArrayList<>();
    /** Companies whose secrets the stand-in refuses to issue (503), as a notification-service that is down. */
    static final java.util.Set<String> SECRETS_UNAVAILABLE_FOR = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            // port 0: the system picks a free one as it binds, so nothing else can take it in between
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = server.getAddress().getPort();
        server.createContext("/internal/v1/charges/", this::charge);
        server.createContext("/internal/v1/companies/", this::secret);
        server.start();
        String url = "http://127.0.0.1:" + port;
        return Map.of("quarkus.rest-client.charge-service.url", url, "quarkus.rest-client.notification-service.url", url);
    }

    private void charge(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getPath().substring("/internal/v1/charges/".length());
        boolean qr = rest.endsWith("/qrcode.png");
        String id = qr ? rest.substring(0, rest.length() - "/qrcode.png".length()) : rest;
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Owned charge = CHARGES.get(id);
        boolean visible = charge != null && charge.merchantId().equals(query.get("merchantId"))
                && charge.environment().equals(query.get("environment"));
        if (!visible) {
            answer(exchange, 404, "application/problem+json", "{\"status\":404,\"code\":\"not_found\"}".getBytes());
        } else if (qr) {
            answer(exchange, 200, "image/png", QR_PNG);
        } else {
            answer(exchange, 200, "application/json", charge.json().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void secret(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!"PUT".equals(exchange.getRequestMethod()) || !path.endsWith("/ipn-secret")) {
            answer(exchange, 404, "application/problem+json", "{\"status\":404}".getBytes());
            return;
        }
        String company = path.substring("/internal/v1/companies/".length(), path.length() - "/ipn-secret".length());
        SECRET_REQUESTS.add(new SecretRequest(company, query.get("environment"), query.get("credentialId")));
        if (SECRETS_UNAVAILABLE_FOR.contains(company)) {
            answer(exchange, 503, "application/problem+json", "{\"status\":503}".getBytes());
            return;
        }
        String secret = "sk_test_stub_" + query.get("credentialId");
        answer(exchange, 200, "application/json", ("{\"credentialId\":\"" + query.get("credentialId")
                + "\",\"secretKey\":\"" + secret + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
