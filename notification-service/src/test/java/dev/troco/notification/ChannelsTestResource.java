package dev.troco.notification;

import com.sun.net.httpserver.HttpServer;
import dev.troco.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the e-mail and dashboard tests need around the service: a port for the SMTP server the
 * tests start and stop themselves (GreenMail, so SMTP can be down on purpose), and a stand-in for
 * the api-gateway's internal Moderators read. The stand-in answers, for company {@code C}, one
 * Moderator {@code moderator.C@example.com}, like the gateway's own tested endpoint does for a
 * company with one Moderator.
 */
public class ChannelsTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "/internal/v1/companies/";
    private HttpServer gateway;

    static String moderatorOf(String companyId) {
        return "moderator." + companyId + "@example.com";
    }

    @Override
    public Map<String, String> start() {
        int smtpPort = FreePorts.next();
        int gatewayPort = FreePorts.next();
        try {
            gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", gatewayPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gateway.createContext(PREFIX, exchange -> {
            String path = exchange.getRequestURI().getPath();
            String companyId = path.substring(PREFIX.length(), path.indexOf('/', PREFIX.length()));
            boolean known = path.endsWith("/moderators") && companyId.matches("cmp_[A-Za-z0-9]+");
            byte[] body = (known ? "{\"data\":[{\"userId\":\"usr_01jdq3m5v8k2x9c7b4n6r0t1wz\",\"email\":\""
                    + moderatorOf(companyId) + "\",\"name\":\"Moderator\"}]}" : "{\"status\":404}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        gateway.start();
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(smtpPort),
                "quarkus.rest-client.api-gateway.url", "http://127.0.0.1:" + gatewayPort);
    }

    @Override
    public void stop() {
        if (gateway != null) {
            gateway.stop(0);
        }
    }
}
