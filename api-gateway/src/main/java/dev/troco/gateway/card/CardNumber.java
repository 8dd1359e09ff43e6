package dev.troco.gateway.card;

import java.util.Arrays;
import java.util.Optional;

/**
 * A card number as received, held only for the moment it takes to check it (Luhn), tell its
 * brand and last four digits, and decide the outcome. It is never stored or logged:
 * {@link #toString()} shows the brand and last four only, and the digits live in a char array
 * that {@link #forget()} clears.
 */
public final class CardNumber {

    public static final int DIGITS_MIN = 12;
    public static final int DIGITS_MAX = 19;

    private final char[] digits;
    private final String brand;
    private final String last4;

    private CardNumber(char[] digits) {
        this.digits = digits;
        this.brand = brandOf(digits);
        this.last4 = new String(digits, digits.length - 4, 4);
    }

    /** The number without spaces or dashes, if it has 12-19 digits and a valid Luhn check digit. */
    public static Optional<CardNumber> parse(CharSequence text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        char[] digits = new char[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits[n++] = c;
            } else if (c != ' ' && c != '-') {
                Arrays.fill(digits, '\0');
                return Optional.empty();
            }
        }
        char[] exact = Arrays.copyOf(digits, n);
        Arrays.fill(digits, '\0');
        if (n < DIGITS_MIN || n > DIGITS_MAX || !luhn(exact)) {
            Arrays.fill(exact, '\0');
            return Optional.empty();
        }
        return Optional.of(new CardNumber(exact));
    }

    /** ISO/IEC 7812 check digit: doubling every second digit from the right. */
    static boolean luhn(char[] digits) {
        int sum = 0;
        for (int i = 0; i < digits.length; i++) {
            int d = digits[digits.length - 1 - i] - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static String brandOf(char[] d) {
        int two = (d[0] - '0') * 10 + (d[1] - '0');
        int four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        int six = four * 100 + (d[4] - '0') * 10 + (d[5] - '0');
        if (d[0] == '4') {
            return "visa";
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return "mastercard";
        }
        if (two == 34 || two == 37) {
            return "amex";
        }
        if ((six >= 506699 && six <= 506778) || (six >= 509000 && six <= 509999) || (six >= 650031 && six <= 650978)
                || six == 636368 || six == 438935 || six == 504175 || six == 451416 || six == 636297) {
            return "elo";
        }
        if (six == 606282 || four == 3841) {
            return "hipercard";
        }
        return "other";
    }

    public String brand() {
        return brand;
    }

    public String last4() {
        return last4;
    }

    /** Whether this is the given number (for matching documented test numbers), without exposing the digits. */
    public boolean is(String number) {
        return number.length() == digits.length && Arrays.equals(number.toCharArray(), digits);
    }

    /** Clears the digits; call as soon as the outcome is known. */
    public void forget() {
        Arrays.fill(digits, '\0');
    }

    @Override
    public String toString() {
        return brand + " ending " + last4;
    }
}
