package dev.troco.notification.rest;

import dev.troco.notification.event.Environment;
import dev.troco.notification.event.EventType;
import dev.troco.notification.webhook.EndpointRegistration;
import dev.troco.notification.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.List;

/** What the webhook endpoints API answers. A secret appears only in the answer that creates it. */
public final class WebhookEndpointViews {

    private WebhookEndpointViews() {
    }

    /**
     * An endpoint. {@code eventTypes} empty: every type. {@code failingSince}: start of the current
     * run of failed deliveries (null while healthy). {@code previousSecretExpiresAt}: until when the
     * secret replaced by the last rotation still signs.
     */
    public record EndpointView(String id, Environment environment, String url, String description,
            List<String> eventTypes, boolean enabled, String disabledReason, Instant disabledAt, Instant failingSince,
            Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt) {

        static EndpointView of(WebhookEndpoint endpoint) {
            return new EndpointView(endpoint.id(), endpoint.environment(), endpoint.url(), endpoint.description(),
                    endpoint.eventTypes().stream().map(EventType::publicName).toList(), endpoint.enabled(),
                    endpoint.disabledReason(), endpoint.disabledAt(), endpoint.failingSince(),
                    endpoint.previousSecretExpiresAt(), endpoint.createdAt(), endpoint.updatedAt());
        }
    }

    /** The answer of a registration or rotation: the only time {@code secret} is shown. */
    public record EndpointWithSecretView(String id, Environment environment, String url, String description,
            List<String> eventTypes, boolean enabled, Instant previousSecretExpiresAt, Instant createdAt,
            String secret) {

        static EndpointWithSecretView of(EndpointRegistration.WithSecret created) {
            WebhookEndpoint endpoint = created.endpoint();
            return new EndpointWithSecretView(endpoint.id(), endpoint.environment(), endpoint.url(),
                    endpoint.description(), endpoint.eventTypes().stream().map(EventType::publicName).toList(),
                    endpoint.enabled(), endpoint.previousSecretExpiresAt(), endpoint.createdAt(),
                    created.secret().value());
        }
    }

    /** A page of a list: {@code data} and whether more follow. */
    public record Page<T>(List<T> data, boolean hasMore) {
    }
}
