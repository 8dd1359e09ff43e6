package dev.troco.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes of high-entropy secrets (API keys, session and invitation tokens). A fast keyed hash is
 * right for these: they cannot be guessed, so a slow hash buys nothing, and the pepper (kept out
 * of the database) makes a stolen table useless on its own. Human passwords use
 * {@link PasswordHasher} instead.
 */
public final class SecretHashing {

    private final SecretKeySpec pepper;

    public SecretHashing(byte[] pepper) {
        if (pepper.length < 32) {
            throw new IllegalArgumentException("the pepper must have at least 32 bytes");
        }
        this.pepper = new SecretKeySpec(pepper, "HmacSHA256");
    }

    public String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of two hashes. */
    public static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
