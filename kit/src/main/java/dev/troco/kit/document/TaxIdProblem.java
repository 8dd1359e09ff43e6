package dev.troco.kit.document;

/** Why a CPF or CNPJ was refused; stable names, so an API answer can carry them as codes. */
public enum TaxIdProblem {
    /** Nothing but separators or blanks. */
    EMPTY,
    /** Neither 11 characters (CPF) nor 14 (CNPJ) once separators are removed. */
    WRONG_LENGTH,
    /** A character that is not a digit (or, in a CNPJ's first 12 positions, an uppercase letter). */
    INVALID_CHARACTER,
    /**
     * Every character the same, such as {@code 111.111.111-11}: such numbers pass the check-digit
     * arithmetic but the Receita Federal never issues them, and people type them to get past a form.
     */
    REPEATED_DIGITS,
    /** The check digits do not match the rest of the number: a typo, or an invented number. */
    BAD_CHECK_DIGIT
}
