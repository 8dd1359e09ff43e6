package dev.troco.notification.signing;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of random bytes. The
 * HMAC key is the decoded bytes, not the text, as every Standard Webhooks library reads it.
 */
public record WebhookSecret(String value) {

    public static final String PREFIX = "whsec_";
    /** 256 bits: the spec allows 24 to 64 bytes. */
    static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public WebhookSecret {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
    }

    public static WebhookSecret generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(bytes));
    }

    /** The HMAC key. */
    public byte[] key() {
        return Base64.getDecoder().decode(value.substring(PREFIX.length()));
    }

    /** Never the secret itself: records end up in logs. */
    @Override
    public String toString() {
        return "WebhookSecret[whsec_***]";
    }
}
