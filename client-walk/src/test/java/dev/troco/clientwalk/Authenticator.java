package dev.troco.clientwalk;

import static org.awaitility.Awaitility.await;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Moderator's authenticator app: RFC 6238 codes (HMAC-SHA1, 30-second steps, 6 digits) from the Base32 secret
 * shown at activation. Troco accepts a code once per step, so, like a person, it hands out each step's code once and
 * otherwise waits for the next step.
 */
final class Authenticator {

    private static final long STEP_SECONDS = 30;
    private static final Duration NEXT_STEP_WAIT_MAX = Duration.ofSeconds(STEP_SECONDS + 5);

    private final byte[] key;
    private long lastStepUsed = -1;

    Authenticator(String base32Secret) {
        this.key = base32(base32Secret);
    }

    /** A code of a step no earlier call returned, waiting (at most one step) for the clock to reach one. */
    String nextCode() {
        await("the authenticator's next 30-second step").atMost(NEXT_STEP_WAIT_MAX).pollInterval(Duration.ofMillis(250))
                .until(() -> currentStep() > lastStepUsed);
        lastStepUsed = currentStep();
        return code(lastStepUsed);
    }

    private static long currentStep() {
        return Instant.now().getEpochSecond() / STEP_SECONDS;
    }

    String code(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** RFC 4648 Base32, case-insensitive, padding and spaces ignored. */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace("=", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        byte[] out = new byte[clean.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : clean.toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not Base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
