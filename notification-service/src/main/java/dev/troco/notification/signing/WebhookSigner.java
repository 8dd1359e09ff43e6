package dev.troco.notification.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook as the Standard Webhooks specification defines it: HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, written {@code v1,<base64>}; one signature per
 * valid secret, separated by spaces, so a receiver still holding the previous secret during a
 * rotation accepts the message.
 */
public final class WebhookSigner {

    public static final String HEADER_ID = "webhook-id";
    public static final String HEADER_TIMESTAMP = "webhook-timestamp";
    public static final String HEADER_SIGNATURE = "webhook-signature";
    private static final String VERSION = "v1,";

    private WebhookSigner() {
    }

    /** The {@code webhook-signature} header value: the current secret's signature first. */
    public static String signatures(String messageId, long timestampSeconds, byte[] body, List<WebhookSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret signs a webhook");
        }
        return secrets.stream()
                .map(secret -> sign(messageId, timestampSeconds, body, secret))
                .collect(Collectors.joining(" "));
    }

    public static String sign(String messageId, long timestampSeconds, byte[] body, WebhookSecret secret) {
        return sign(messageId, timestampSeconds, body, secret.key());
    }

    /**
     * The same signature with a key given as raw bytes: what IPNs use, whose key is the seed 003
     * {@code secret_key} (not a {@code whsec_} secret), see {@code IpnBodySignature}.
     */
    public static String sign(String messageId, long timestampSeconds, byte[] body, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
