package dev.troco.kit.document;

/**
 * A CPF or CNPJ that cannot be accepted. The message names the kind of document and the problem but
 * never the number itself, because exception messages end up in logs and a CPF is personal data.
 */
public final class InvalidTaxIdException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final TaxIdProblem problem;

    InvalidTaxIdException(TaxIdProblem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public TaxIdProblem problem() {
        return problem;
    }
}
