package dev.troco.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
 * Stands in for the charge-service's internal API in the gateway's tests: it answers charges
 * registered by the test, only to the company and environment that own them, like the real one
 * (whose own test checks the same rule against its database), and keeps companies' processing fee
 * rates in memory (the real rules, with every bad value, are tested in the charge-service).
 */
public class ChargeServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, Owned> CHARGES = new ConcurrentHashMap<>();
    /** Per company, the bodies of the fee rate changes it received, newest first. */
    private static final Map<String, java.util.List<Map<String, Object>>> FEE_RATES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    record Owned(String merchantId, String environment, String json) {
    }

    static void register(String chargeId, String merchantId, String environment, String json) {
        CHARGES.put(chargeId, new Owned(merchantId, environment, json));
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
        server.createContext("/internal/v1/charges", exchange -> {
            // the list: the company's charges are not kept here, so an empty page (the filters are the gateway's to check)
            byte[] body = "{\"data\":[],\"hasMore\":false}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/internal/v1/charges/", exchange -> {
            URI uri = exchange.getRequestURI();
            String id = uri.getPath().substring("/internal/v1/charges/".length());
            boolean pdf = id.endsWith("/boleto.pdf");
            boolean png = id.endsWith("/qrcode.png");
            id = pdf ? id.substring(0, id.length() - "/boleto.pdf".length())
                    : png ? id.substring(0, id.length() - "/qrcode.png".length()) : id;
            Map<String, String> query = new java.util.HashMap<>();
            for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            Owned charge = CHARGES.get(id);
            boolean visible = charge != null && charge.merchantId().equals(query.get("merchantId"))
                    && charge.environment().equals(query.get("environment"));
            byte[] body = (visible ? (pdf ? "%PDF-1.7 boleto of " + id : png ? "PNG QR code of " + id : charge.json())
                    : "{\"status\":404,\"code\":\"not_found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", visible
                    ? (pdf ? "application/pdf" : png ? "image/png" : "application/json") : "application/problem+json");
            exchange.sendResponseHeaders(visible ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/internal/v1/companies/", exchange -> {
            String company = exchange.getRequestURI().getPath().split("/")[4];
            java.util.List<Map<String, Object>> history = FEE_RATES.computeIfAbsent(company,
                    c -> new java.util.concurrent.CopyOnWriteArrayList<>());
            int status = 200;
            Object answer;
            if (exchange.getRequestMethod().equals("PUT")) {
                Map<String, Object> change = JSON.readValue(exchange.getRequestBody(),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
                Object rate = change.get("ratePercent");
                if (!(rate instanceof String text) || !text.matches("[0-9]{1,2}(\\.[0-9]{1,4})?")) {
                    status = 400;
                    answer = Map.of("status", 400, "code", "validation_failed", "detail", "The request has invalid fields",
                            "errors", java.util.List.of(Map.of("field", "ratePercent", "code", "not_a_decimal",
                                    "message", "must be a percentage as decimal text")));
                } else {
                    if (history.isEmpty() || !history.get(0).get("ratePercent").equals(rate)) {
                        history.add(0, change);
                    }
                    answer = state(company, history);
                }
            } else {
                answer = state(company, history);
            }
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.charge-service.url", "http://127.0.0.1:" + port);
    }

    private static Map<String, Object> state(String company, java.util.List<Map<String, Object>> history) {
        return Map.of("companyId", company, "ratePercent", history.isEmpty() ? "2.99" : history.get(0).get("ratePercent"),
                "defaultRate", history.isEmpty(), "history", history);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
