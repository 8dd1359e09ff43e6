package dev.troco.notification.ipn;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seed 003's IPN signature, as its PHP "source of truth" makes it:
 * {@code strtoupper(hash_hmac('sha256', $identifier.$timestamp, $secret_key))} — HMAC-SHA256 keyed
 * with the secret_key's bytes over the identifier followed by the decimal Unix timestamp, in
 * uppercase hexadecimal.
 */
public final class IpnSignature {

    private IpnSignature() {
    }

    public static String sign(String identifier, long timestamp, String secretKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((identifier + timestamp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
