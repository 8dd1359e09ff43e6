package dev.troco.kit.document;

/**
 * A valid CPF, the Receita Federal's number for a person: 9 digits and 2 modulo-11 check digits.
 * An instance always holds 11 bare digits that passed the checks, so code that receives a
 * {@code Cpf} never validates again.
 *
 * <p>{@link #toString()} is the masked form: a CPF is personal data under the LGPD, and records
 * reach logs through string concatenation more often than anyone intends.
 */
public record Cpf(String digits) implements TaxId {

    static final int LENGTH = 11;

    public Cpf {
        TaxIdProblem problem = problemWith(digits);
        if (problem != null) {
            throw invalid(problem, digits);
        }
    }

    /**
     * A CPF from what a person typed: {@code 529.982.247-25}, {@code 52998224725} or with blanks.
     *
     * @throws InvalidTaxIdException naming the problem (never the number)
     */
    public static Cpf parse(String text) {
        return new Cpf(TaxIdText.strip(text));
    }

    public static boolean isValid(String text) {
        return problemWith(TaxIdText.strip(text)) == null;
    }

    /**
     * The CPF whose first nine digits are {@code base}, with its check digits computed: sandbox
     * buyers and tests need valid numbers that belong to nobody in particular.
     */
    public static Cpf fromBase(String base) {
        if (base == null || base.length() != LENGTH - 2 || !base.chars().allMatch(c -> TaxIdText.isDigit((char) c))) {
            throw new IllegalArgumentException("a CPF base is 9 digits");
        }
        return new Cpf(Modulo11.withCheckDigits(base, Integer.MAX_VALUE));
    }

    @Override
    public String value() {
        return digits;
    }

    /** {@code 529.982.247-25}. */
    @Override
    public String formatted() {
        return digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-"
                + digits.substring(9);
    }

    /** {@code ***.982.247-**}: the middle six digits, the way Brazilian government portals show a CPF. */
    @Override
    public String masked() {
        return "***." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-**";
    }

    @Override
    public String toString() {
        return masked();
    }

    static TaxIdProblem problemWith(String digits) {
        if (digits == null || digits.isEmpty()) {
            return TaxIdProblem.EMPTY;
        }
        // characters before length: "12345678A01" is better answered "only digits" than "wrong length"
        if (!digits.chars().allMatch(c -> TaxIdText.isDigit((char) c))) {
            return TaxIdProblem.INVALID_CHARACTER;
        }
        if (digits.length() != LENGTH) {
            return TaxIdProblem.WRONG_LENGTH;
        }
        if (TaxIdText.allSame(digits)) {
            return TaxIdProblem.REPEATED_DIGITS;
        }
        if (!Modulo11.withCheckDigits(digits.substring(0, LENGTH - 2), Integer.MAX_VALUE).equals(digits)) {
            return TaxIdProblem.BAD_CHECK_DIGIT;
        }
        return null;
    }

    private static InvalidTaxIdException invalid(TaxIdProblem problem, String digits) {
        String message = switch (problem) {
            case EMPTY -> "CPF is empty";
            case WRONG_LENGTH -> "CPF has " + digits.length() + " digits, expected 11";
            case INVALID_CHARACTER -> "CPF may contain only digits (and the separators . and -)";
            case REPEATED_DIGITS -> "CPF cannot be one digit repeated";
            case BAD_CHECK_DIGIT -> "CPF check digits do not match";
        };
        return new InvalidTaxIdException(problem, message);
    }
}
