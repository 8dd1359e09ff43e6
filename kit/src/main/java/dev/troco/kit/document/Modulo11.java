package dev.troco.kit.document;

/**
 * The Receita Federal's modulo-11 check digit, shared by CPF and CNPJ. A character counts as its
 * ASCII code minus 48, which keeps digits at their face value and gives letters 17 ('A') to 42 ('Z'):
 * the rule the Receita chose so that the alphanumeric CNPJ keeps the numeric CNPJ's arithmetic.
 */
final class Modulo11 {

    private Modulo11() {
    }

    /**
     * The check digit of {@code body}, weighting characters from the right with 2, 3, 4... and
     * starting again at 2 after {@code weightMax} (9 for CNPJ; no restart for CPF, whose weights
     * simply grow to 10 and 11).
     */
    static int checkDigit(CharSequence body, int weightMax) {
        int sum = 0;
        int weight = 2;
        for (int i = body.length() - 1; i >= 0; i--) {
            sum += (body.charAt(i) - '0') * weight;
            weight = weight == weightMax ? 2 : weight + 1;
        }
        int remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }

    /** {@code body} followed by its two check digits, the second computed over body plus the first. */
    static String withCheckDigits(String body, int weightMax) {
        String withFirst = body + checkDigit(body, weightMax);
        return withFirst + checkDigit(withFirst, weightMax);
    }
}
