package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.GatewayFixture.Person;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live dashboard streams are bounded per person, per company and per replica, never take the merchant requests'
 * in-flight slots (two here, fewer than the streams held open), and close when their session ends; a request body
 * that trickles in is cut off.
 */
@QuarkusTest
@TestProfile(LiveStreamLimitsTest.SmallBounds.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_streams"))
@WithTestResource(value = NotificationServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class LiveStreamLimitsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    static final String SERVICE_TOKEN = "streams-test-service-token-0123456789abcdef";

    public static class SmallBounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "troco.gateway.streams.max-per-person", "2",
                    "troco.gateway.streams.max-per-company", "3",
                    "troco.gateway.streams.max-total", "4",
                    "troco.gateway.streams.session-check-interval-ms", "300",
                    "troco.gateway.overload.max-in-flight", "2",
                    "troco.gateway.overload.body-read-timeout-ms", "3000",
                    "troco.internal.service-token", SERVICE_TOKEN);
        }
    }

    @Inject
    TestClock clock;

    @TestHTTPResource("/")
    URI base;

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Stream> opened = new ArrayList<>();
    private GatewayFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new GatewayFixture(clock);
    }

    @AfterEach
    void closeStreams() {
        opened.forEach(Stream::close);
    }

    @Test
    void streamsAreBoundedPerPersonAndPerCompanyAndMerchantCallsStillAnswer() throws Exception {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Person viewer = fixture.invite(company, "VIEW");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        String key = fixture.createKey(company, apiUserId, "SANDBOX", List.of("127.0.0.1", "::1"))
                .then().statusCode(201).extract().path("secret");

        Stream first = open(company.moderator().session());
        Stream second = open(company.moderator().session());
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        // the relay to the notification-service's internal stream carries the service credential
        assertThat(NotificationServiceStub.CALLS).filteredOn(c -> c.path().endsWith("/notifications/stream"))
                .isNotEmpty().allMatch(c -> SERVICE_TOKEN.equals(c.serviceToken()));
        Stream third = open(company.moderator().session());
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.body()).contains("quota_exceeded").contains("2 live streams");
        assertThat(third.retryAfter()).isNotEmpty();

        assertThat(open(viewer.session()).status()).isEqualTo(200);
        Stream overCompany = open(viewer.session());
        assertThat(overCompany.status()).isEqualTo(429);
        assertThat(overCompany.body()).contains("company");

        // three streams open, two in-flight slots: merchant calls are not starved
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "Bearer " + key).get("/v1/idempotency-keys/x").then().statusCode(404);
        }

        // a closed stream gives its slot back
        first.close();
        await().atMost(DEADLINE).until(() -> open(company.moderator().session()).status() == 200);
    }

    @Test
    void anOpenStreamClosesWhenItsSessionIsLoggedOut() throws Exception {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Stream stream = open(company.moderator().session());
        assertThat(stream.status()).isEqualTo(200);
        await().atMost(DEADLINE).until(() -> stream.text().contains("event: ready"));

        given().header("Authorization", "Bearer " + company.moderator().session()).post("/v1/auth/logout")
                .then().statusCode(204);

        await().atMost(DEADLINE).until(stream::ended);
        given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/dashboard/notifications/stream").then().statusCode(401)
                .body("code", equalTo("invalid_session"));
    }

    @Test
    void aBodyThatTricklesInIsCutOff() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"em").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
            assertThat(tookMs).isLessThan(10_000);
        }
    }

    private Stream open(String session) throws Exception {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                        base.resolve("/v1/dashboard/notifications/stream"))
                .header("Authorization", "Bearer " + session).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Stream stream = new Stream(response);
        opened.add(stream);
        return stream;
    }

    /** A stream read on a thread of its own, so a test sees what arrived and whether it ended. */
    private static final class Stream {

        private final HttpResponse<InputStream> response;
        private final StringBuffer text = new StringBuffer();
        private final AtomicBoolean ended = new AtomicBoolean();

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try (InputStream in = response.body()) {
                    byte[] buffer = new byte[1024];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
                ended.set(true);
            });
            reader.setDaemon(true);
            reader.start();
        }

        int status() {
            return response.statusCode();
        }

        String retryAfter() {
            return response.headers().firstValue("Retry-After").orElse("");
        }

        String body() {
            await().atMost(DEADLINE).until(ended::get);
            return text.toString();
        }

        String text() {
            return text.toString();
        }

        boolean ended() {
            return ended.get();
        }

        void close() {
            try {
                response.body().close();
            } catch (java.io.IOException e) {
                // already closed
            }
        }
    }
}
