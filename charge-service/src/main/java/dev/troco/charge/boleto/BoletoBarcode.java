package dev.troco.charge.boleto;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The 44 digits a boleto's barcode carries, FEBRABAN layout:
 *
 * <pre>
 *  position  1-3   4     5            6-9          10-19              20-44
 *            bank  coin  check digit  due factor   amount in cents    free field (the bank's)
 * </pre>
 *
 * The check digit is modulo 11 over the other 43 digits. An instance always holds a well-formed,
 * correctly checked barcode.
 */
public record BoletoBarcode(String digits) {

    public static final int LENGTH = 44;
    public static final int FREE_FIELD_LENGTH = 25;
    /** R$ 99,999,999.99: ten digits of cents. Larger amounts need another kind of document. */
    public static final long AMOUNT_CENTS_MAX = 9_999_999_999L;
    /** Currency code 9 is the real; 0 (another currency) exists in the layout but is not issued here. */
    public static final char CURRENCY_REAL = '9';

    public BoletoBarcode {
        if (digits == null || digits.length() != LENGTH || !FebrabanCheckDigits.allDigits(digits)) {
            throw new IllegalArgumentException("boleto barcode must be " + LENGTH + " digits");
        }
        int expected = FebrabanCheckDigits.modulo11(digits.substring(0, 4) + digits.substring(5));
        if (digits.charAt(4) - '0' != expected) {
            throw new IllegalArgumentException("boleto barcode check digit is " + digits.charAt(4)
                    + ", the other digits give " + expected);
        }
    }

    /**
     * The barcode of a boleto in reais.
     *
     * @param bankCode    the issuing bank's three-digit COMPE code
     * @param dueDate     from 2000-07-03 on; see {@link DueDateFactor}
     * @param amountCents 0 (the payer fills in the amount) to {@link #AMOUNT_CENTS_MAX}
     * @param freeField   the 25 digits the bank defines (agency, account, our number...)
     */
    public static BoletoBarcode of(String bankCode, LocalDate dueDate, long amountCents, String freeField) {
        if (bankCode == null || bankCode.length() != 3 || !FebrabanCheckDigits.allDigits(bankCode)) {
            throw new IllegalArgumentException("bank code must be 3 digits");
        }
        if (amountCents < 0) {
            throw new IllegalArgumentException("amount must not be negative, was " + amountCents + " cents");
        }
        if (amountCents > AMOUNT_CENTS_MAX) {
            throw new IllegalArgumentException("amount is above the 10 digits a boleto holds (" + AMOUNT_CENTS_MAX
                    + " cents), was " + amountCents);
        }
        if (freeField == null || freeField.length() != FREE_FIELD_LENGTH || !FebrabanCheckDigits.allDigits(freeField)) {
            throw new IllegalArgumentException("free field must be " + FREE_FIELD_LENGTH + " digits");
        }
        String body = bankCode + CURRENCY_REAL + String.format("%04d", DueDateFactor.of(dueDate))
                + String.format("%010d", amountCents) + freeField;
        int checkDigit = FebrabanCheckDigits.modulo11(body);
        return new BoletoBarcode(body.substring(0, 4) + checkDigit + body.substring(4));
    }

    /**
     * The barcode in {@code text}: 44 digits, or the 47 of a linha digitável (told apart by length),
     * blanks, dots and dashes ignored.
     */
    public static BoletoBarcode parse(String text) {
        String digits = text == null ? "" : text.replaceAll("[\\s.-]", "");
        if (digits.length() == LinhaDigitavel.LENGTH) {
            return new LinhaDigitavel(digits).barcode();
        }
        return new BoletoBarcode(digits);
    }

    public String bankCode() {
        return digits.substring(0, 3);
    }

    public char currencyCode() {
        return digits.charAt(3);
    }

    public int checkDigit() {
        return digits.charAt(4) - '0';
    }

    public int dueDateFactor() {
        return Integer.parseInt(digits.substring(5, 9));
    }

    public long amountCents() {
        return Long.parseLong(digits.substring(9, 19));
    }

    public String freeField() {
        return digits.substring(19);
    }

    /** The due date, in the factor cycle closest to {@code reference}; empty for factor 0. */
    public Optional<LocalDate> dueDate(LocalDate reference) {
        return DueDateFactor.dueDate(dueDateFactor(), reference);
    }

    public LinhaDigitavel linhaDigitavel() {
        return LinhaDigitavel.of(this);
    }
}
