package dev.troco.charge.boleto;

/**
 * The bars of an Interleaved 2 of 5 (ITF) symbol, the symbology FEBRABAN fixed for boletos. Digits
 * go in pairs: the first of a pair is drawn in the bars, the second in the spaces between them, each
 * as five elements of which two are wide. FEBRABAN's wide element is three times the narrow one.
 */
public final class InterleavedTwoOfFive {

    public static final int WIDE = 3;
    public static final int DIGITS_MAX = 100;

    /** Wide (true) or narrow elements of each digit, the 2-of-5 table. */
    private static final boolean[][] PATTERNS = {
        {false, false, true, true, false}, // 0
        {true, false, false, false, true}, // 1
        {false, true, false, false, true}, // 2
        {true, true, false, false, false}, // 3
        {false, false, true, false, true}, // 4
        {true, false, true, false, false}, // 5
        {false, true, true, false, false}, // 6
        {false, false, false, true, true}, // 7
        {true, false, false, true, false}, // 8
        {false, true, false, true, false}, // 9
    };

    private InterleavedTwoOfFive() {
    }

    /**
     * The symbol as modules, left to right, {@code true} for a dark one: start guard (narrow bar,
     * narrow space, twice), the interleaved pairs, end guard (wide bar, narrow space, narrow bar).
     * No quiet zone: the page layout leaves it.
     */
    public static boolean[] modules(String digits) {
        if (digits == null || digits.isEmpty() || digits.length() % 2 != 0 || digits.length() > DIGITS_MAX
                || !FebrabanCheckDigits.allDigits(digits)) {
            throw new IllegalArgumentException("ITF encodes an even number of digits, at most " + DIGITS_MAX);
        }
        int pairWidth = 2 * (2 * WIDE + 3);
        boolean[] out = new boolean[4 + digits.length() / 2 * pairWidth + WIDE + 2];
        int at = 0;
        at = append(out, at, true, 1);
        at = append(out, at, false, 1);
        at = append(out, at, true, 1);
        at = append(out, at, false, 1);
        for (int i = 0; i < digits.length(); i += 2) {
            boolean[] bars = PATTERNS[digits.charAt(i) - '0'];
            boolean[] spaces = PATTERNS[digits.charAt(i + 1) - '0'];
            for (int element = 0; element < 5; element++) {
                at = append(out, at, true, bars[element] ? WIDE : 1);
                at = append(out, at, false, spaces[element] ? WIDE : 1);
            }
        }
        at = append(out, at, true, WIDE);
        at = append(out, at, false, 1);
        append(out, at, true, 1);
        return out;
    }

    private static int append(boolean[] out, int at, boolean dark, int width) {
        for (int i = 0; i < width; i++) {
            out[at + i] = dark;
        }
        return at + width;
    }
}
