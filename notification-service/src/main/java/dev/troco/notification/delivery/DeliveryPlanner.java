package dev.troco.notification.delivery;

import dev.troco.kit.id.Ids;
import dev.troco.kit.net.InvalidUrlException;
import dev.troco.kit.net.OutboundUrl;
import dev.troco.kit.net.OutboundUrlPolicy;
import dev.troco.notification.event.Environment;
import dev.troco.notification.event.StoredEvent;
import dev.troco.notification.signing.SigningSecrets;
import dev.troco.notification.webhook.WebhookEndpoint;
import dev.troco.notification.webhook.WebhookEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Decides who receives an event, in the transaction that stores it: every enabled endpoint of the
 * company and environment subscribed to its type, and the charge's own callback URL if it has one.
 * The deliveries are due at once; the dispatcher is woken when the transaction commits.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private static final Logger LOG = Logger.getLogger(DeliveryPlanner.class);
    static final String ID_PREFIX = "whd";

    private final WebhookEndpoints endpoints;
    private final Deliveries deliveries;
    private final OutboundUrlPolicy urls;
    private final SigningSecrets secrets;
    private final DeliveryDispatcher dispatcher;
    private final Clock clock;

    DeliveryPlanner(WebhookEndpoints endpoints, Deliveries deliveries, OutboundUrlPolicy urls, SigningSecrets secrets,
            DeliveryDispatcher dispatcher, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.urls = urls;
        this.secrets = secrets;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** @param callbackUrl the charge's own URL (seed 004's {@code callbackUrl}), or null */
    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(StoredEvent event, String callbackUrl) {
        plan(event, callbackUrl, true);
    }

    /**
     * @param toEndpoints false when the company's notification settings turned the webhook channel off
     *     for this event type: registered endpoints get nothing, the charge's own callback URL (asked
     *     for on the charge itself) still does
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(StoredEvent event, String callbackUrl, boolean toEndpoints) {
        if (toEndpoints) {
            planForEndpoints(event);
        }
        if (callbackUrl != null && !callbackUrl.isBlank()) {
            planCallback(event, callbackUrl, clock.instant());
        }
    }

    /** A delivery to each enabled endpoint subscribed to the event that has none yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planForEndpoints(StoredEvent event) {
        Instant now = clock.instant();
        for (WebhookEndpoint endpoint : endpoints.subscribedTo(event.companyId(), event.environment(), event.type())) {
            deliveries.insertForEndpoint(Ids.next(ID_PREFIX), event, endpoint.id(), now);
        }
        dispatcher.wakeAfterCommit();
    }

    /**
     * The callback URL arrives with the charge, unchecked by a registration: its form and scheme are
     * checked here, its address at every connection.
     */
    private void planCallback(StoredEvent event, String callbackUrl, Instant now) {
        OutboundUrl url;
        try {
            url = urls.checkForm(callbackUrl, event.environment() == Environment.PRODUCTION);
        } catch (InvalidUrlException e) {
            LOG.warnf("%s %s: its callback URL is not used: %s", event.aggregateType(), event.aggregateId(),
                    e.getMessage());
            return;
        }
        secrets.ensureCallbackSecret(event.companyId(), event.environment());
        deliveries.insertForCallback(Ids.next(ID_PREFIX), event, url.toString(), "callback:" + url.authority(), now);
        dispatcher.wakeAfterCommit();
    }
}
