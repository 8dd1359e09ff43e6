package dev.troco.charge.boleto;

/**
 * The 47 digits printed above a boleto's barcode for people to type when the barcode cannot be
 * read. It holds the same 44 digits in another order, plus a modulo-10 digit closing each of the
 * first three fields, so a typo is caught field by field before anything is looked up:
 *
 * <pre>
 *  field 1: bank, currency, free field 1-5, check        AAABC.CCCCX
 *  field 2: free field 6-15, check                       DDDDD.DDDDDY
 *  field 3: free field 16-25, check                      EEEEE.EEEEEZ
 *  field 4: the barcode's general check digit            K
 *  field 5: due date factor and amount                   UUUUVVVVVVVVVV
 * </pre>
 *
 * An instance always holds 47 digits whose three field digits and general digit are correct.
 */
public record LinhaDigitavel(String digits) {

    public static final int LENGTH = 47;

    public LinhaDigitavel {
        if (digits == null || digits.length() != LENGTH || !FebrabanCheckDigits.allDigits(digits)) {
            throw new IllegalArgumentException("linha digitável must be " + LENGTH + " digits");
        }
        checkField(digits, 1, 0, 9);
        checkField(digits, 2, 10, 20);
        checkField(digits, 3, 21, 31);
        try {
            new BoletoBarcode(toBarcode(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("linha digitável: general check digit (field 4) does not match: "
                    + e.getMessage(), e);
        }
    }

    /** The linha of {@code text}, blanks and dots ignored: {@code 42297.11504 00001.954411 ...}. */
    public static LinhaDigitavel parse(String text) {
        return new LinhaDigitavel(text == null ? "" : text.replaceAll("[\\s.]", ""));
    }

    public static LinhaDigitavel of(BoletoBarcode barcode) {
        String b = barcode.digits();
        String field1 = b.substring(0, 4) + b.substring(19, 24);
        String field2 = b.substring(24, 34);
        String field3 = b.substring(34, 44);
        return new LinhaDigitavel(field1 + FebrabanCheckDigits.modulo10(field1)
                + field2 + FebrabanCheckDigits.modulo10(field2)
                + field3 + FebrabanCheckDigits.modulo10(field3)
                + b.charAt(4) + b.substring(5, 19));
    }

    public BoletoBarcode barcode() {
        return new BoletoBarcode(toBarcode(digits));
    }

    /** As printed: {@code 42297.11504 00001.954411 60020.034520 2 68610000054659}. */
    public String formatted() {
        return digits.substring(0, 5) + "." + digits.substring(5, 10) + " "
                + digits.substring(10, 15) + "." + digits.substring(15, 21) + " "
                + digits.substring(21, 26) + "." + digits.substring(26, 32) + " "
                + digits.charAt(32) + " " + digits.substring(33);
    }

    private static String toBarcode(String linha) {
        return linha.substring(0, 4) + linha.charAt(32) + linha.substring(33, 47)
                + linha.substring(4, 9) + linha.substring(10, 20) + linha.substring(21, 31);
    }

    private static void checkField(String linha, int field, int from, int checkAt) {
        int expected = FebrabanCheckDigits.modulo10(linha.substring(from, checkAt));
        if (linha.charAt(checkAt) - '0' != expected) {
            throw new IllegalArgumentException("linha digitável: check digit of field " + field + " is "
                    + linha.charAt(checkAt) + ", its digits give " + expected);
        }
    }
}
