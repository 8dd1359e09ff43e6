package dev.troco.charge.boleto;

/**
 * The two check digits of a FEBRABAN boleto. Modulo 10 closes each of the first three fields of the
 * linha digitável, where people type and err; modulo 11 guards the whole barcode, where the scanner
 * reads.
 */
final class FebrabanCheckDigits {

    private FebrabanCheckDigits() {
    }

    /**
     * Weights 2, 1, 2, 1... from the right; a two-digit product counts as the sum of its digits; the
     * digit is what takes the total to the next multiple of 10 (0 when already there). The same
     * rule as Luhn's, which catches every single-digit error.
     */
    static int modulo10(CharSequence digits) {
        int sum = 0;
        int weight = 2;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int product = (digits.charAt(i) - '0') * weight;
            sum += product / 10 + product % 10;
            weight = 3 - weight;
        }
        return (10 - sum % 10) % 10;
    }

    /**
     * Weights 2 to 9 from the right, restarting at 2; the digit is 11 minus the remainder by 11,
     * except that 0, 10 and 11 become 1 (the barcode's check digit is never 0).
     */
    static int modulo11(CharSequence digits) {
        int sum = 0;
        int weight = 2;
        for (int i = digits.length() - 1; i >= 0; i--) {
            sum += (digits.charAt(i) - '0') * weight;
            weight = weight == 9 ? 2 : weight + 1;
        }
        int digit = 11 - sum % 11;
        return digit == 0 || digit == 10 || digit == 11 ? 1 : digit;
    }

    static boolean allDigits(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
