package dev.troco.gateway.security;

import dev.troco.events.common.Environment;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The shape of a Troco API key: {@code trk_test_} (sandbox) or {@code trk_live_} (production),
 * 32 random base62 characters (190 bits), and a 6-character base62 CRC32 of everything before
 * it. The prefix tells secret scanners and people which environment a key opens; the checksum
 * lets the gateway refuse a mistyped or truncated key without touching the database.
 */
public final class ApiKeyFormat {

    public static final String SANDBOX_PREFIX = "trk_test_";
    public static final String PRODUCTION_PREFIX = "trk_live_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = SANDBOX_PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    public static String generate(Environment environment) {
        StringBuilder key = new StringBuilder(prefix(environment));
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.append(checksum(key)).toString();
    }

    public static String prefix(Environment environment) {
        return environment == Environment.PRODUCTION ? PRODUCTION_PREFIX : SANDBOX_PREFIX;
    }

    /** The environment a well-formed key opens, or empty when the key is malformed or its checksum is wrong. */
    public static Optional<Environment> check(String key) {
        if (key == null || key.length() != LENGTH) {
            return Optional.empty();
        }
        Environment environment;
        if (key.startsWith(SANDBOX_PREFIX)) {
            environment = Environment.SANDBOX;
        } else if (key.startsWith(PRODUCTION_PREFIX)) {
            environment = Environment.PRODUCTION;
        } else {
            return Optional.empty();
        }
        for (int i = SANDBOX_PREFIX.length(); i < LENGTH; i++) {
            if (ALPHABET.indexOf(key.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        String body = key.substring(0, LENGTH - CHECKSUM_LENGTH);
        return checksum(body).equals(key.substring(LENGTH - CHECKSUM_LENGTH)) ? Optional.of(environment)
                : Optional.empty();
    }

    /** The last characters shown in listings so a person can tell keys apart. */
    public static String lastChars(String key) {
        return key.substring(key.length() - 4);
    }

    private static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(out);
    }
}
