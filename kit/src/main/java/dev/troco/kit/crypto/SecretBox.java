package dev.troco.kit.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that must be read back (TOTP seeds, webhook signing secrets) with AES-256-GCM:
 * a random 96-bit nonce per value, stored in front of the ciphertext, and a purpose string (e.g.
 * the column and row) as associated data, so a value moved to another row does not open.
 */
public final class SecretBox {

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the encryption key must have " + KEY_BYTES + " bytes (AES-256)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public byte[] seal(byte[] plaintext, String purpose) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    /**
     * @throws IllegalStateException for another key, another purpose or a tampered value
     */
    public byte[] open(byte[] box, String purpose) {
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt: wrong key or purpose, or a tampered value", e);
        }
    }

    public byte[] sealText(String plaintext, String purpose) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), purpose);
    }

    public String openText(byte[] box, String purpose) {
        return new String(open(box, purpose), StandardCharsets.UTF_8);
    }
}
