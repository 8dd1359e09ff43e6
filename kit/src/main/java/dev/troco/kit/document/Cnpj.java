package dev.troco.kit.document;

/**
 * A valid CNPJ, the Receita Federal's number for a company or one of its establishments: an 8-character
 * root, a 4-character establishment order and 2 numeric check digits.
 *
 * <p>Since July 2026 the Receita issues alphanumeric CNPJs: root and order may hold uppercase letters,
 * the check digits stay numeric, and each character weighs its ASCII code minus 48 in the same
 * modulo-11 as before (so a numeric CNPJ is the special case it always was). Both kinds are accepted
 * here, whatever the date: numbers issued under either rule stay valid for good.
 */
public record Cnpj(String characters) implements TaxId {

    static final int LENGTH = 14;
    private static final int CHECK_WEIGHT_MAX = 9;

    public Cnpj {
        TaxIdProblem problem = problemWith(characters);
        if (problem != null) {
            throw invalid(problem, characters);
        }
    }

    /**
     * A CNPJ from what a person typed: {@code 11.222.333/0001-81}, {@code 12.ABC.345/01DE-35}, bare,
     * with blanks, or with the letters in lowercase.
     *
     * @throws InvalidTaxIdException naming the problem
     */
    public static Cnpj parse(String text) {
        return new Cnpj(TaxIdText.strip(text));
    }

    public static boolean isValid(String text) {
        return problemWith(TaxIdText.strip(text)) == null;
    }

    /** The CNPJ whose first twelve characters are {@code base}, with its check digits computed. */
    public static Cnpj fromBase(String base) {
        String stripped = TaxIdText.strip(base);
        if (stripped.length() != LENGTH - 2 || !stripped.chars().allMatch(c -> isBodyCharacter((char) c))) {
            throw new IllegalArgumentException("a CNPJ base is 12 characters, digits or uppercase letters");
        }
        return new Cnpj(Modulo11.withCheckDigits(stripped, CHECK_WEIGHT_MAX));
    }

    @Override
    public String value() {
        return characters;
    }

    /** True when root or order holds a letter: a CNPJ of the rule in force from July 2026. */
    public boolean isAlphanumeric() {
        return !characters.chars().allMatch(c -> TaxIdText.isDigit((char) c));
    }

    /** The first 8 characters, shared by a company's head office and all its branches. */
    public String root() {
        return characters.substring(0, 8);
    }

    /** {@code 11.222.333/0001-81}, {@code 12.ABC.345/01DE-35}. */
    @Override
    public String formatted() {
        return characters.substring(0, 2) + "." + characters.substring(2, 5) + "." + characters.substring(5, 8) + "/"
                + characters.substring(8, 12) + "-" + characters.substring(12);
    }

    /**
     * {@code 11.222.333/****-**}: the root stays, since it names the company publicly (the CNPJ
     * registry is open) and is what someone reading a log needs to recognise the merchant; the
     * establishment and check digits go, so a logged value is not a ready-to-use document number.
     */
    @Override
    public String masked() {
        return characters.substring(0, 2) + "." + characters.substring(2, 5) + "." + characters.substring(5, 8)
                + "/****-**";
    }

    @Override
    public String toString() {
        return masked();
    }

    static TaxIdProblem problemWith(String characters) {
        if (characters == null || characters.isEmpty()) {
            return TaxIdProblem.EMPTY;
        }
        // characters before length, as for CPF; the check digits' own rule needs the length first
        if (!characters.chars().allMatch(c -> isBodyCharacter((char) c))) {
            return TaxIdProblem.INVALID_CHARACTER;
        }
        if (characters.length() != LENGTH) {
            return TaxIdProblem.WRONG_LENGTH;
        }
        if (!TaxIdText.isDigit(characters.charAt(LENGTH - 2)) || !TaxIdText.isDigit(characters.charAt(LENGTH - 1))) {
            return TaxIdProblem.INVALID_CHARACTER;
        }
        if (TaxIdText.allSame(characters)) {
            return TaxIdProblem.REPEATED_DIGITS;
        }
        if (!Modulo11.withCheckDigits(characters.substring(0, LENGTH - 2), CHECK_WEIGHT_MAX).equals(characters)) {
            return TaxIdProblem.BAD_CHECK_DIGIT;
        }
        return null;
    }

    private static boolean isBodyCharacter(char c) {
        return TaxIdText.isDigit(c) || (c >= 'A' && c <= 'Z');
    }

    private static InvalidTaxIdException invalid(TaxIdProblem problem, String characters) {
        String message = switch (problem) {
            case EMPTY -> "CNPJ is empty";
            case WRONG_LENGTH -> "CNPJ has " + characters.length() + " characters, expected 14";
            case INVALID_CHARACTER ->
                    "CNPJ may contain only digits and uppercase letters in its first 12 positions and digits in its last 2"
                            + " (and the separators . / -)";
            case REPEATED_DIGITS -> "CNPJ cannot be one character repeated";
            case BAD_CHECK_DIGIT -> "CNPJ check digits do not match";
        };
        return new InvalidTaxIdException(problem, message);
    }
}
