package dev.troco.notification.delivery;

import dev.troco.kit.net.InvalidUrlException;
import dev.troco.kit.net.OutboundUrl;
import dev.troco.notification.signing.SigningSecrets;
import dev.troco.notification.signing.WebhookSecret;
import dev.troco.notification.signing.WebhookSigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes one attempt of a delivery: the body, the Standard Webhooks headers signed for this attempt's
 * timestamp (the {@code webhook-id} is the delivery's, the same on every attempt), and the POST.
 */
@ApplicationScoped
public class WebhookSender {

    private final WebhookPoster poster;
    private final SigningSecrets secrets;
    private final Clock clock;

    WebhookSender(WebhookPoster poster, SigningSecrets secrets, Clock clock) {
        this.poster = poster;
        this.secrets = secrets;
        this.clock = clock;
    }

    public PostResult send(DueDelivery delivery) {
        OutboundUrl url;
        try {
            url = OutboundUrl.parse(delivery.url());
        } catch (InvalidUrlException e) {
            return PostResult.refused(clock.instant(), Duration.ZERO, "invalid URL: " + e.getMessage());
        }
        if (delivery.sealedSecret() == null) {
            return PostResult.failure(clock.instant(), Duration.ZERO, "no signing secret");
        }
        byte[] body = WebhookBody.of(delivery.event());
        long timestamp = clock.instant().getEpochSecond();
        String signatures = WebhookSigner.signatures(delivery.messageId(), timestamp, body, signers(delivery));
        return poster.post(url, List.of(
                Map.entry(WebhookSigner.HEADER_ID, delivery.messageId()),
                Map.entry(WebhookSigner.HEADER_TIMESTAMP, Long.toString(timestamp)),
                Map.entry(WebhookSigner.HEADER_SIGNATURE, signatures)), body);
    }

    private List<WebhookSecret> signers(DueDelivery delivery) {
        if (delivery.toEndpoint()) {
            return secrets.endpointSigners(delivery.endpointId(), delivery.sealedSecret(),
                    delivery.sealedPreviousSecret());
        }
        return List.of(secrets.openCallback(delivery.sealedSecret(), delivery.event().companyId(),
                delivery.event().environment()));
    }
}
