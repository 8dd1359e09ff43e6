package dev.troco.clientwalk;

import static org.awaitility.Awaitility.await;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * The Moderator's authenticator app: RFC 6238 codes (HMAC-SHA1, 30-second steps, 6 digits) from the Base32 secret
 * shown at activation. Troco accepts a code once per step, so, like a person, it hands out each step's code once and
 * otherwise waits for the next step.
 */
final class Authenticator {

    private static final long STEP_SECONDS = 30;
    private static final Duration NEXT_STEP_WAIT_MAX = Duration.ofSeconds(STEP_SECONDS + 5);

    private static final TimeBasedOneTimePasswordGenerator GENERATOR =
            new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(STEP_SECONDS), 6);

    private final byte[] key;
    private long lastStepUsed = -1;

    Authenticator(String base32Secret) {
        this.key = new Base32().decode(base32Secret);
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
            return String.format("%06d", GENERATOR.generateOneTimePassword(new SecretKeySpec(key, "HmacSHA1"),
                    Instant.ofEpochSecond(step * STEP_SECONDS)));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the activation's TOTP secret is not a key", e);
        }
    }
}
