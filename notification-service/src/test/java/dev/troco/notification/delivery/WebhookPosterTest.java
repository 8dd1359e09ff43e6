package dev.troco.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.troco.kit.net.AddressGuard;
import dev.troco.kit.net.ForbiddenPorts;
import dev.troco.kit.net.HostResolver;
import dev.troco.kit.net.OutboundUrl;
import dev.troco.notification.WebhookReceiver.Reply;
import dev.troco.notification.WebhookReceiver;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook HTTP client against a real local HTTP server. */
class WebhookPosterTest {

    private static final byte[] BODY = "{\"id\":\"chg_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final List<Map.Entry<String, String>> HEADERS = List.of(Map.entry("webhook-id", "evt_1"));

    /** Every name answers loopback, where the test's receiver listens. */
    private static final HostResolver LOOPBACK_DNS = host -> List.of(InetAddress.getByAddress(host,
            new byte[] {127, 0, 0, 1}));

    private final AddressGuard loopbackAllowed = new AddressGuard(LOOPBACK_DNS, List.of("127.0.0.1", "hooks.example"));
    private WebhookReceiver receiver;
    private WebhookPoster poster;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
        if (poster != null) {
            poster.close();
        }
    }

    @Test
    void postsTheBodyAndHeadersAndReportsTheAnswer() {
        receiver = WebhookReceiver.accepting();
        poster = poster(loopbackAllowed, Duration.ofSeconds(5));

        PostResult result = poster.post(OutboundUrl.parse(receiver.url("/hooks?a=1")), HEADERS, BODY);

        assertThat(result.delivered()).isTrue();
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.responseBody()).isEqualTo("{\"received\": true}");
        WebhookReceiver.Request request = receiver.requests().get(0);
        assertThat(request.header("x-method")).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks?a=1");
        assertThat(request.body()).isEqualTo(BODY);
        assertThat(request.header("webhook-id")).isEqualTo("evt_1");
        assertThat(request.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void keepsOnlyTheFirstKilobyteOfALongAnswer() {
        receiver = WebhookReceiver.start(request -> new Reply(500, "é".repeat(3000), Map.of()));
        poster = poster(loopbackAllowed, Duration.ofSeconds(5));

        PostResult result = poster.post(OutboundUrl.parse(receiver.url("/")), HEADERS, BODY);

        assertThat(result.delivered()).isFalse();
        assertThat(result.statusCode()).isEqualTo(500);
        assertThat(result.responseBody().getBytes(StandardCharsets.UTF_8).length).isBetween(1000, 1030);
    }

    @Test
    void neverFollowsARedirect() {
        receiver = WebhookReceiver.start(request -> request.path().equals("/moved")
                ? new Reply(302, "", Map.of("Location", "/elsewhere")) : Reply.ok());
        poster = poster(loopbackAllowed, Duration.ofSeconds(5));

        PostResult result = poster.post(OutboundUrl.parse(receiver.url("/moved")), HEADERS, BODY);

        assertThat(result.delivered()).isFalse();
        assertThat(result.statusCode()).isEqualTo(302);
        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::path).containsExactly("/moved");
    }

    @Test
    void givesUpOnAReceiverSlowerThanTheTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        receiver = WebhookReceiver.start(request -> {
            release.await(10, TimeUnit.SECONDS);
            return Reply.ok();
        });
        poster = poster(loopbackAllowed, Duration.ofMillis(500));
        try {
            PostResult result = poster.post(OutboundUrl.parse(receiver.url("/")), HEADERS, BODY);

            assertThat(result.delivered()).isFalse();
            assertThat(result.statusCode()).isNull();
            assertThat(result.error()).contains("timed out");
            assertThat(result.latency()).isBetween(Duration.ofMillis(450), Duration.ofMillis(3000));
        } finally {
            release.countDown();
        }
    }

    @Test
    void passesOnRetryAfter() {
        receiver = WebhookReceiver.start(request -> new Reply(503, "busy", Map.of("Retry-After", "120")));
        poster = poster(loopbackAllowed, Duration.ofSeconds(5));

        PostResult result = poster.post(OutboundUrl.parse(receiver.url("/")), HEADERS, BODY);

        assertThat(result.retryAfter()).contains(Duration.ofSeconds(120));
    }

    @Test
    void refusesALoopbackAddressThatIsNotAllowlistedWithoutConnecting() {
        receiver = WebhookReceiver.accepting();
        poster = poster(new AddressGuard(LOOPBACK_DNS, List.of()), Duration.ofSeconds(5));

        PostResult result = poster.post(OutboundUrl.parse(receiver.url("/")), HEADERS, BODY);

        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).startsWith("address refused").contains("private or reserved address");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aForbiddenPortIsRefusedAtConnectTimeEvenOnAnAllowlistedLocalHost() {
        receiver = WebhookReceiver.accepting();
        int port = Integer.parseInt(receiver.url("").replaceAll(".*:", ""));
        poster = poster(new AddressGuard(LOOPBACK_DNS,
                List.of("127.0.0.1", "hooks.example"), ForbiddenPorts.parse(List.of(Integer.toString(port)))),
                Duration.ofSeconds(5));

        PostResult byAddress = poster.post(OutboundUrl.parse(receiver.url("/internal/v1/anything")), HEADERS, BODY);
        PostResult byName = poster.post(OutboundUrl.parse("http://hooks.example:" + port + "/"), HEADERS, BODY);

        assertThat(byAddress.delivered()).isFalse();
        assertThat(byAddress.error()).startsWith("address refused").contains("Troco's own services");
        assertThat(byName.error()).startsWith("address refused");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aNameThatNowResolvesToAPrivateAddressIsRefusedAtConnectTime() {
        receiver = WebhookReceiver.accepting();
        poster = poster(loopbackAllowed, Duration.ofSeconds(5));
        int port = Integer.parseInt(receiver.url("").replaceAll(".*:", ""));

        PostResult result = poster.post(OutboundUrl.parse("http://rebound.example:" + port + "/"), HEADERS, BODY);

        assertThat(result.error())
                .isEqualTo("address refused: rebound.example resolves to a private or reserved address (not retried)");
        assertThat(result.permanent()).isTrue();
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void connectsToTheAddressItCheckedAndStillNamesTheHost() {
        receiver = WebhookReceiver.accepting();
        poster = poster(loopbackAllowed, Duration.ofSeconds(5));
        int port = Integer.parseInt(receiver.url("").replaceAll(".*:", ""));

        PostResult result = poster.post(OutboundUrl.parse("http://hooks.example:" + port + "/in"), HEADERS, BODY);

        assertThat(result.delivered()).isTrue();
        assertThat(receiver.requests().get(0).header("host")).isEqualTo("hooks.example:" + port);
    }

    @Test
    void reportsAClosedPortAsARefusedConnection() {
        receiver = WebhookReceiver.accepting();
        String url = receiver.url("/");
        receiver.close();
        receiver = null;
        poster = poster(loopbackAllowed, Duration.ofSeconds(5));

        PostResult result = poster.post(OutboundUrl.parse(url), HEADERS, BODY);

        assertThat(result.statusCode()).isNull();
        assertThat(result.error()).isEqualTo("connection refused");
    }

    private static WebhookPoster poster(AddressGuard guard, Duration timeout) {
        return new WebhookPoster(guard, timeout, (SSLSocketFactory) SSLSocketFactory.getDefault(), Clock.systemUTC());
    }
}
