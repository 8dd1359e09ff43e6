package dev.troco.kit.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What text Troco accepts. PostgreSQL cannot store NUL, logs and CSV exports are broken by other
 * control characters, and a lone UTF-16 surrogate cannot be encoded at all: such text is refused
 * where it enters (the HTTP door, JSON bodies), never found later as a 500.
 *
 * <ul>
 * <li>In body text, C0 controls other than tab, line feed and carriage return, DEL, the C1 controls
 * and unpaired surrogates are refused ({@link #inText}).</li>
 * <li>In a URL's path or query, or a header value, every control character is refused (a header
 * may hold a tab), and percent-escapes must decode to UTF-8 ({@link #inUrlComponent}).</li>
 * </ul>
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Describes the first character body text may not hold, or empty when the text is fine. */
    public static Optional<String> inText(String text) {
        return first(text, true);
    }

    /**
     * Describes what is wrong with one raw (still percent-encoded) path or query component: an
     * escape that is not two hex digits, bytes that are not UTF-8, or a control character.
     */
    public static Optional<String> inUrlComponent(String raw) {
        if (raw.indexOf('%') < 0) {
            return first(raw, false);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return Optional.of("a '%' that is not followed by two hexadecimal digits");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.of("percent-escapes that are not UTF-8");
        }
        return first(decoded, false);
    }

    private static Optional<String> first(String text, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                if (lineBreaksAllowed && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                return Optional.of(describe(c, i));
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("an unpaired surrogate at position " + i);
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("an unpaired surrogate at position " + i);
            }
        }
        return Optional.empty();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    private static String describe(char c, int position) {
        return String.format("the control character U+%04X at position %d", (int) c, position);
    }
}
