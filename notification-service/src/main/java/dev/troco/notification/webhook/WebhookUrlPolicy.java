package dev.troco.notification.webhook;

import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;

/**
 * Which URLs may receive webhooks: production only over HTTPS (sandbox also over plain HTTP, so a
 * merchant can try a local tunnel), only hosts whose addresses {@link AddressGuard} lets through, and
 * never Troco's own service ports ({@link ForbiddenPorts}).
 * Checked when an endpoint is registered; {@code WebhookPoster} checks the address again at every
 * connection.
 */
@ApplicationScoped
public class WebhookUrlPolicy {

    private final AddressGuard guard;

    WebhookUrlPolicy(AddressGuard guard) {
        this.guard = guard;
    }

    /** Form and scheme only, no lookup: what can be checked inside a transaction (a charge's callback URL). */
    public WebhookUrl checkForm(String url, Environment environment) {
        WebhookUrl parsed = WebhookUrl.parse(url);
        if (environment == Environment.PRODUCTION && !parsed.https()) {
            throw new InvalidWebhookUrlException("https_required", "must use https in production");
        }
        guard.whyPortRefused(parsed.host(), parsed.port()).ifPresent(why -> {
            throw new InvalidWebhookUrlException("forbidden_port", "must not target Troco's own services: " + why);
        });
        return parsed;
    }

    /** Form, scheme, and the addresses the host resolves to now. */
    public WebhookUrl check(String url, Environment environment) {
        WebhookUrl parsed = checkForm(url, environment);
        try {
            guard.resolve(parsed.host(), parsed.port());
        } catch (UnknownHostException e) {
            throw new InvalidWebhookUrlException("unresolvable_host", "host " + parsed.host() + " does not resolve");
        } catch (RefusedAddressException e) {
            if (e.forbiddenPort()) {
                throw new InvalidWebhookUrlException("forbidden_port", "must not target Troco's own services: "
                        + e.getMessage());
            }
            throw new InvalidWebhookUrlException("private_address",
                    "must reach a public address: " + e.getMessage());
        }
        return parsed;
    }
}
