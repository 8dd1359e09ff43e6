package dev.troco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BenchToolsTest {

    private static final byte[] KEY = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void receiverAcceptsTheStandardWebhooksTestVectorAndNothingElse() {
        String good = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assertThat(WebhookReceiver.verify(KEY, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", good, BODY, 1614265330))
                .isTrue();
        assertThat(WebhookReceiver.verify(KEY, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "v1,bm90IGl0 " + good, BODY, 1614265330)).as("any of several signatures").isTrue();
        assertThat(WebhookReceiver.verify(KEY, "msg_other", "1614265330", good, BODY, 1614265330)).isFalse();
        assertThat(WebhookReceiver.verify(KEY, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", good,
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), 1614265330)).isFalse();
        assertThat(WebhookReceiver.verify(KEY, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", good, BODY,
                1614265330 + 301)).as("stale timestamp").isFalse();
    }

    @Test
    void aReceiverThatIsDownAnswers503AndCountsNothingUntilItsFlagIsGone() throws Exception {
        Path flag = Files.createTempFile("receiver-down", ".flag");
        List<WebhookReceiver.Receipt> receipts = new CopyOnWriteArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.listener(receipts::add);
            receiver.downWhile(flag);
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest post = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + receiver.port() + "/hooks/0"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

            assertThat(client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(503);
            assertThat(receipts).isEmpty();
            assertThat(receiver.refused()).isEqualTo(1);

            Files.delete(flag);
            // Back: unsigned, so answered 400 and counted as an invalid delivery, which shows it was handled.
            assertThat(client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(400);
            assertThat(receipts).hasSize(1);
            assertThat(receiver.refused()).isEqualTo(1);
        } finally {
            Files.deleteIfExists(flag);
        }
    }

    @Test
    void totpMatchesRfc6238() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890" (base32 below), last 6 digits.
        String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assertThat(Totp.code(secret, 59)).isEqualTo("287082");
        assertThat(Totp.code(secret, 1111111109)).isEqualTo("081804");
        assertThat(Totp.code(secret, 2000000000)).isEqualTo("279037");
    }

    @Test
    void openLoopSendsEveryArrivalWithEvenlySpacedIntendedTimes() {
        List<Long> intended = new ArrayList<>();
        long sent = OpenLoop.run(200, 0.25, intended::add);
        assertThat(sent).isEqualTo(50);
        assertThat(intended).hasSize(50).isSorted();
        for (int i = 1; i < intended.size(); i++) {
            assertThat(intended.get(i) - intended.get(i - 1)).isBetween(4_999_999L, 5_000_001L);
        }
    }

    @Test
    void latencyReportsPercentilesInMilliseconds() {
        Latency latency = new Latency();
        for (int i = 1; i <= 100; i++) {
            latency.recordNanos(i * 1_000_000L);
        }
        assertThat(latency.millisAt(50)).isBetween(49.9, 50.1);
        assertThat(latency.millisAt(99)).isBetween(98.9, 99.1);
        assertThat(latency.json().path("count").asLong()).isEqualTo(100);
    }
}
