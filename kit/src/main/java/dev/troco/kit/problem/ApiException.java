package dev.troco.kit.problem;

import java.util.List;

/** A failure to report to the caller as a problem document; thrown by services, mapped once. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemCode problemCode;
    private final transient List<Problem.FieldError> errors;
    private final long retryAfterSeconds;

    public ApiException(ProblemCode problemCode, String detail) {
        this(problemCode, detail, List.of());
    }

    public ApiException(ProblemCode problemCode, String detail, List<Problem.FieldError> errors) {
        this(problemCode, detail, errors, 0);
    }

    private ApiException(ProblemCode problemCode, String detail, List<Problem.FieldError> errors,
            long retryAfterSeconds) {
        super(detail);
        this.problemCode = problemCode;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A refusal that a retry after {@code seconds} may pass (429, 503): the answer carries {@code Retry-After}. */
    public static ApiException retryAfter(ProblemCode problemCode, String detail, long seconds) {
        return new ApiException(problemCode, detail, List.of(), Math.max(1, seconds));
    }

    /** Seconds for the {@code Retry-After} header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ProblemCode problemCode() {
        return problemCode;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ProblemCode.NOT_FOUND, what + " not found");
    }

    public static ApiException invalidField(String field, String code, String message) {
        return new ApiException(ProblemCode.VALIDATION_FAILED, "The request has invalid fields",
                List.of(new Problem.FieldError(field, code, message)));
    }
}
