package dev.troco.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.troco.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the charge-service's internal read API in the gateway's tests: it answers charges
 * registered by the test, only to the company and environment that own them, like the real one
 * (whose own test checks the same rule against its database).
 */
public class ChargeServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, Owned> CHARGES = new ConcurrentHashMap<>();
    private HttpServer server;

    record Owned(String merchantId, String environment, String json) {
    }

    static void register(String chargeId, String merchantId, String environment, String json) {
        CHARGES.put(chargeId, new Owned(merchantId, environment, json));
    }

    @Override
    public Map<String, String> start() {
        int port = FreePorts.next();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/charges/", exchange -> {
            URI uri = exchange.getRequestURI();
            String id = uri.getPath().substring("/internal/v1/charges/".length());
            boolean pdf = id.endsWith("/boleto.pdf");
            id = pdf ? id.substring(0, id.length() - "/boleto.pdf".length()) : id;
            Map<String, String> query = new java.util.HashMap<>();
            for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            Owned charge = CHARGES.get(id);
            boolean visible = charge != null && charge.merchantId().equals(query.get("merchantId"))
                    && charge.environment().equals(query.get("environment"));
            byte[] body = (visible ? (pdf ? "%PDF-1.7 boleto of " + id : charge.json())
                    : "{\"status\":404,\"code\":\"not_found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    visible ? (pdf ? "application/pdf" : "application/json") : "application/problem+json");
            exchange.sendResponseHeaders(visible ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.charge-service.url", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
