package dev.troco.notification.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /** The Standard Webhooks reference vector: what every receiver library checks itself against. */
    @Test
    void reproducesTheStandardWebhooksReferenceSignature() {
        WebhookSecret secret = new WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = WebhookSigner.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8), secret);

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsWithEveryValidSecretCurrentFirstSeparatedBySpaces() {
        WebhookSecret current = WebhookSecret.generate();
        WebhookSecret previous = WebhookSecret.generate();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        String header = WebhookSigner.signatures("evt_1", 1700000000, body, List.of(current, previous));

        assertThat(header.split(" ")).containsExactly(
                WebhookSigner.sign("evt_1", 1700000000, body, current),
                WebhookSigner.sign("evt_1", 1700000000, body, previous));
    }

    @Test
    void generatedSecretsCarryThePrefixAnd32RandomBytes() {
        WebhookSecret a = WebhookSecret.generate();
        WebhookSecret b = WebhookSecret.generate();

        assertThat(a.value()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(a.value().substring(6))).hasSize(32);
        assertThat(a).isNotEqualTo(b);
        assertThat(a.toString()).doesNotContain(a.value().substring(6));
    }

    @Test
    void refusesToSignWithoutASecret() {
        assertThatThrownBy(() -> WebhookSigner.signatures("evt_1", 1, new byte[0], List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
