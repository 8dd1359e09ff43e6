package dev.troco.kit.document;

/**
 * A Brazilian taxpayer number: a person's {@link Cpf} or a company's {@link Cnpj}. Buyers and
 * beneficiaries may be either, and the length alone tells which (11 or 14 characters once the
 * separators are gone), so an API field can take both without a separate "type".
 */
public sealed interface TaxId permits Cpf, Cnpj {

    /** The bare, normalized characters: what to store and compare. */
    String value();

    /** The form people read: {@code 529.982.247-25}, {@code 12.ABC.345/01DE-35}. */
    String formatted();

    /** A form safe for logs and support screens, which hides enough not to expose the number. */
    String masked();

    /**
     * A CPF or CNPJ from what a person typed, told apart by length.
     *
     * @throws InvalidTaxIdException naming the problem; a length that is neither 11 nor 14 is
     *         {@link TaxIdProblem#WRONG_LENGTH}
     */
    static TaxId parse(String text) {
        String stripped = TaxIdText.strip(text);
        if (stripped.isEmpty()) {
            throw new InvalidTaxIdException(TaxIdProblem.EMPTY, "CPF or CNPJ is empty");
        }
        return switch (stripped.length()) {
            case Cpf.LENGTH -> new Cpf(stripped);
            case Cnpj.LENGTH -> new Cnpj(stripped);
            default -> throw new InvalidTaxIdException(TaxIdProblem.WRONG_LENGTH,
                    "CPF or CNPJ has " + stripped.length() + " characters, expected 11 (CPF) or 14 (CNPJ)");
        };
    }

    static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidTaxIdException e) {
            return false;
        }
    }
}
