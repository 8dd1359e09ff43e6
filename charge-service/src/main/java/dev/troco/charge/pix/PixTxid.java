package dev.troco.charge.pix;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The txid of an immediate charge in the API Pix ({@code PUT /cob/{txid}}): 26 to 35 letters and
 * digits, chosen by the receiver. Choosing it ourselves, before calling the PSP, is what makes the
 * call safe to retry: a repeated {@code PUT} with the same txid finds the charge instead of making
 * a second one. (A static BR Code's own txid, at most 25 characters, is another rule: see
 * {@link BrCodeEncoder#txid}.)
 */
public final class PixTxid {

    public static final int LENGTH_MIN = 26;
    public static final int LENGTH_MAX = 35;
    /** Any length in range would do; 32 characters carry about 190 random bits. */
    public static final int GENERATED_LENGTH = 32;

    private static final Pattern COB_TXID = Pattern.compile("[a-zA-Z0-9]{26,35}");
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PixTxid() {
    }

    /** A new random txid; unguessable, since a txid appears in URLs and webhooks. */
    public static String generate() {
        return generate(RANDOM);
    }

    /** A txid drawn from {@code random}; tests pass a seeded generator to replay a run. */
    public static String generate(RandomGenerator random) {
        char[] out = new char[GENERATED_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /**
     * The txid of the charge whose id is {@code chargeId}: its 32 hex digits. The same charge always
     * gets the same txid, so a command replayed after a crash reaches the PSP with the txid it
     * already knows.
     */
    public static String of(UUID chargeId) {
        return chargeId.toString().replace("-", "").toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String txid) {
        return txid != null && COB_TXID.matcher(txid).matches();
    }

    /** {@code txid}, or an {@link IllegalArgumentException} saying the rule it breaks. */
    public static String require(String txid) {
        if (!isValid(txid)) {
            throw new IllegalArgumentException("txid must be " + LENGTH_MIN + " to " + LENGTH_MAX
                    + " letters or digits, was " + (txid == null ? "null" : txid.length() + " characters"));
        }
        return txid;
    }
}
