package dev.troco.notification.ipn;

import dev.troco.notification.signing.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The Standard Webhooks signature every IPN carries next to seed 003's: seed 003 signs only the
 * identifier and timestamp, so anyone who saw one IPN could change its {@code data} (amount, type) or
 * resend it for ever; this one covers the whole body.
 *
 * <p>Headers: {@code webhook-id} (the IPN's id, the same on every attempt, so a receiver can drop
 * repeats), {@code webhook-timestamp} (Unix seconds, the same value as the body's {@code timestamp})
 * and {@code webhook-signature: v1,<base64 of HMAC-SHA256 over "id.timestamp.body">}. The HMAC key is
 * the bytes of the secret_key text as the merchant was shown it, prefix included
 * ({@code sk_live_...}/{@code sk_test_...} in UTF-8, which for these ASCII keys is one byte a
 * character): the same key seed 003's PHP recipe passes to {@code hash_hmac}. A Standard Webhooks
 * library, which expects {@code whsec_<base64>}, is given {@code "whsec_" + base64(secret_key)}.
 */
public final class IpnBodySignature {

    private IpnBodySignature() {
    }

    public static byte[] key(String secretKey) {
        return secretKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The three headers for this IPN id, timestamp and body. */
    public static List<Map.Entry<String, String>> headers(String ipnId, long timestamp, byte[] body, String secretKey) {
        return List.of(
                Map.entry(WebhookSigner.HEADER_ID, ipnId),
                Map.entry(WebhookSigner.HEADER_TIMESTAMP, Long.toString(timestamp)),
                Map.entry(WebhookSigner.HEADER_SIGNATURE, WebhookSigner.sign(ipnId, timestamp, body, key(secretKey))));
    }
}
