package dev.troco.kit.id;

import com.github.f4b6a3.uuid.UuidCreator;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Time-ordered ids: UUIDv7 inside, and outside a public form {@code <prefix>_<26 characters>} (the
 * TypeID layout: the 128 bits in Crockford base32, lowercase), e.g. {@code chg_01jd4x...}. Ids sort
 * by creation time in both forms, and the prefix tells what an id names.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final int ENCODED_LENGTH = 26;
    private static final Pattern PREFIX = Pattern.compile("[a-z]{1,16}");
    private static final int[] DECODE = new int[128];

    static {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
            DECODE[Character.toUpperCase(ALPHABET[i])] = i;
        }
    }

    private Ids() {
    }

    /** A new UUIDv7 (RFC 9562): milliseconds since the epoch first, then randomness. */
    public static UUID uuid7() {
        return UuidCreator.getTimeOrderedEpoch();
    }

    /** A new public id with this prefix, e.g. {@code next("chg")}. */
    public static String next(String prefix) {
        return format(prefix, uuid7());
    }

    public static String format(String prefix, UUID uuid) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("id prefix must be 1-16 lowercase letters: " + prefix);
        }
        return prefix + "_" + encode(uuid);
    }

    /**
     * The UUID inside a public id, if {@code text} is a well-formed id with this prefix.
     *
     * @throws IllegalArgumentException if it is not (a caller answers 404 or 400, never 500)
     */
    public static UUID parse(String prefix, String text) {
        if (text == null || text.length() != prefix.length() + 1 + ENCODED_LENGTH
                || !text.startsWith(prefix + "_")) {
            throw new IllegalArgumentException("not a " + prefix + " id");
        }
        return decode(text.substring(prefix.length() + 1));
    }

    public static boolean isValid(String prefix, String text) {
        try {
            parse(prefix, text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String encode(UUID uuid) {
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        char[] out = new char[ENCODED_LENGTH];
        // 130 bits of output for 128 bits of input: the first character carries the top 3 bits.
        for (int i = ENCODED_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | (hi << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    static UUID decode(String text) {
        if (text.length() != ENCODED_LENGTH) {
            throw new IllegalArgumentException("id body must be " + ENCODED_LENGTH + " characters");
        }
        int first = value(text.charAt(0));
        if (first > 7) {
            throw new IllegalArgumentException("id out of range");
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < ENCODED_LENGTH; i++) {
            int v = value(text.charAt(i));
            hi = (hi << 5) | (lo >>> 59);
            lo = (lo << 5) | v;
        }
        return new UUID(hi, lo);
    }

    private static int value(char c) {
        int v = c < 128 ? DECODE[c] : -1;
        if (v < 0) {
            throw new IllegalArgumentException("invalid character in id: '" + c + "'");
        }
        return v;
    }

    /** Lowercase form of an id typed with capitals (ids are case-insensitive on input). */
    public static String normalize(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}
