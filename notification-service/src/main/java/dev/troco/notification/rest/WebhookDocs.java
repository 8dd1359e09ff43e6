package dev.troco.notification.rest;

/** How webhooks are delivered, as the OpenAPI document tells merchants (and the gateway's docs repeat). */
final class WebhookDocs {

    static final String DELIVERY = """
            Webhooks are POSTed as JSON, signed per Standard Webhooks: headers webhook-id (the event id, the same \
            on every attempt, so duplicates can be dropped), webhook-timestamp (Unix seconds of this attempt) and \
            webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body> with the base64-decoded part of the \
            whsec_ secret; two signatures separated by a space during a secret rotation). Reject timestamps more \
            than 5 minutes away. Only a 2xx answer within 5 seconds counts; redirects are not followed. \
            Failed deliveries are retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 24 h, 24 h and 24 h \
            (11 attempts, each wait +/-20 % jitter: at least 3 days 7 hours, about 4 days 4 hours nominally); \
            a longer Retry-After (up to 24 h) is honoured. An endpoint answering 410 is disabled at once; one \
            failing every attempt for 5 days is disabled. Charge events carry seed 004's payload.""";

    private WebhookDocs() {
    }
}
