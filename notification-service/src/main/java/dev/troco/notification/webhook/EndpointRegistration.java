package dev.troco.notification.webhook;

import dev.troco.kit.id.Ids;
import dev.troco.kit.net.InvalidUrlException;
import dev.troco.kit.net.OutboundUrl;
import dev.troco.kit.net.OutboundUrlPolicy;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.event.Environment;
import dev.troco.notification.event.EventType;
import dev.troco.notification.signing.SigningSecrets;
import dev.troco.notification.signing.WebhookSecret;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Registers, reads, rotates, enables, disables and deletes a company's webhook endpoints. A secret
 * leaves this class only when it is created (registration, rotation): it is stored sealed.
 */
@ApplicationScoped
public class EndpointRegistration {

    /** An endpoint just registered or rotated, with the secret shown this once. */
    public record WithSecret(WebhookEndpoint endpoint, WebhookSecret secret) {
    }

    private final WebhookEndpoints endpoints;
    private final OutboundUrlPolicy urls;
    private final SigningSecrets secrets;
    private final NotificationSettings settings;
    private final Clock clock;

    EndpointRegistration(WebhookEndpoints endpoints, OutboundUrlPolicy urls, SigningSecrets secrets,
            NotificationSettings settings, Clock clock) {
        this.endpoints = endpoints;
        this.urls = urls;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Registers an endpoint. The URL's host is resolved before the transaction starts: a slow DNS
     * answer must not hold a database connection.
     */
    public WithSecret register(String companyId, Environment environment, String url, String description,
            List<String> eventTypes) {
        OutboundUrl checked = checkUrl(url, environment);
        List<EventType> types = parseTypes(eventTypes);
        return QuarkusTransaction.requiringNew().call(() -> {
            if (endpoints.count(companyId, environment) >= settings.endpointsPerCompanyMax()) {
                throw new ApiException(ProblemCode.UNPROCESSABLE, "A company may register at most "
                        + settings.endpointsPerCompanyMax() + " webhook endpoints per environment");
            }
            Instant now = clock.instant();
            WebhookEndpoint endpoint = new WebhookEndpoint(Ids.next(WebhookEndpoint.ID_PREFIX), companyId,
                    environment, checked.toString(), description, types, true, null, null, null, null, now, now);
            WebhookSecret secret = WebhookSecret.generate();
            endpoints.insert(endpoint, secrets.sealForEndpoint(secret, endpoint.id()));
            return new WithSecret(endpoint, secret);
        });
    }

    @Transactional
    public List<WebhookEndpoint> list(String companyId, Environment environment) {
        return endpoints.list(companyId, environment);
    }

    @Transactional
    public WebhookEndpoint get(String companyId, Environment environment, String id) {
        return find(companyId, environment, id);
    }

    @Transactional
    public void delete(String companyId, Environment environment, String id) {
        if (!endpoints.delete(companyId, environment, id)) {
            throw ApiException.notFound("Webhook endpoint " + id);
        }
    }

    /**
     * Replaces the signing secret. The old one keeps signing next to the new one for {@code overlap}
     * (both signatures are sent), so the merchant can deploy the new secret without losing webhooks.
     */
    @Transactional
    public WithSecret rotateSecret(String companyId, Environment environment, String id, Optional<Duration> overlap) {
        Duration keep = overlap.orElse(settings.secretRotationOverlapDefault());
        if (keep.isNegative() || keep.compareTo(settings.secretRotationOverlapMax()) > 0) {
            throw ApiException.invalidField("overlapSeconds", "out_of_range",
                    "must be between 0 and " + settings.secretRotationOverlapMax().toSeconds());
        }
        find(companyId, environment, id);
        WebhookEndpoints.SealedSecrets current = endpoints.secretsForUpdate(id).orElseThrow(
                () -> ApiException.notFound("Webhook endpoint " + id));
        Instant now = clock.instant();
        WebhookSecret fresh = WebhookSecret.generate();
        boolean keepOld = !keep.isZero();
        endpoints.replaceSecret(id, secrets.sealForEndpoint(fresh, id), keepOld ? current.current() : null,
                keepOld ? now.plus(keep) : null, now);
        return new WithSecret(find(companyId, environment, id), fresh);
    }

    @Transactional
    public WebhookEndpoint enable(String companyId, Environment environment, String id) {
        find(companyId, environment, id);
        endpoints.setEnabled(id, true, null, clock.instant());
        return find(companyId, environment, id);
    }

    @Transactional
    public WebhookEndpoint disable(String companyId, Environment environment, String id) {
        find(companyId, environment, id);
        endpoints.setEnabled(id, false, "disabled by the merchant", clock.instant());
        return find(companyId, environment, id);
    }

    private WebhookEndpoint find(String companyId, Environment environment, String id) {
        return endpoints.find(companyId, environment, id)
                .orElseThrow(() -> ApiException.notFound("Webhook endpoint " + id));
    }

    private OutboundUrl checkUrl(String url, Environment environment) {
        try {
            return urls.check(url, environment == Environment.PRODUCTION);
        } catch (InvalidUrlException e) {
            throw ApiException.invalidField("url", e.code(), e.getMessage());
        }
    }

    private static List<EventType> parseTypes(List<String> names) {
        if (names == null) {
            return List.of();
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        LinkedHashSet<EventType> types = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<EventType> type = name == null ? Optional.empty() : EventType.ofPublicName(name);
            if (type.isPresent()) {
                types.add(type.get());
            } else {
                errors.add(new Problem.FieldError("eventTypes[" + i + "]", "unknown_event_type",
                        "is not an event type; known: " + knownTypes()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, "The request has invalid fields", errors);
        }
        return List.copyOf(types);
    }

    private static String knownTypes() {
        return String.join(", ", java.util.Arrays.stream(EventType.values()).map(EventType::publicName).toList());
    }
}
