package dev.troco.charge.pix;

import java.text.Normalizer;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Free text made fit for an EMV QR field. EMV allows only printable ASCII in these fields, and a
 * Brazilian merchant is "São João Padaria", so accents are dropped ("Sao Joao Padaria") rather than
 * refusing half the country's names. What cannot be made ASCII is refused, never guessed.
 */
final class EmvText {

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Map<Character, String> LOOKALIKES = Map.ofEntries(
            Map.entry('\u2018', "'"), Map.entry('\u2019', "'"), Map.entry('\u201C', "\""),
            Map.entry('\u201D', "\""), Map.entry('\u2013', "-"), Map.entry('\u2014', "-"),
            Map.entry('\u00AA', "a"), Map.entry('\u00BA', "o"), Map.entry('\u00DF', "ss"),
            Map.entry('\u00C6', "AE"), Map.entry('\u00E6', "ae"), Map.entry('\u00D8', "O"),
            Map.entry('\u00F8', "o"), Map.entry('\u00A0', " "));

    private EmvText() {
    }

    /**
     * {@code text} without accents, typographic quotes or runs of blanks.
     *
     * @throws IllegalArgumentException naming {@code field} if the text is blank or keeps a character
     *         outside printable ASCII
     */
    static String ascii(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            out.append(LOOKALIKES.getOrDefault(c, String.valueOf(c)));
        }
        String ascii = BLANKS.matcher(COMBINING_MARKS.matcher(out).replaceAll("")).replaceAll(" ").strip();
        requirePrintableAscii(field, ascii);
        return ascii;
    }

    static void requirePrintableAscii(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(
                        field + " has a character that is not printable ASCII at position " + (i + 1));
            }
        }
    }
}
