package dev.troco.kit.problem;

import java.util.Locale;

/**
 * The catalogue of problems every Troco API can answer with: a stable {@code code} word, its HTTP
 * status and title, and a {@code type} URI under {@code /problems/} that documents it. Codes are
 * never renamed or reused; new ones are added at the end of their group.
 */
public enum ProblemCode {
    // 400: the request itself is wrong
    VALIDATION_FAILED(400, "The request has invalid fields"),
    MALFORMED_JSON(400, "The request body is not valid JSON"),
    UNKNOWN_FIELD(400, "The request body has a field this endpoint does not know"),
    INVALID_FIELD_TYPE(400, "A field of the request body has the wrong type"),
    BAD_REQUEST(400, "Bad request"),
    // 401-404: who is asking, and for what
    UNAUTHENTICATED(401, "Authentication is required"),
    FORBIDDEN(403, "Not allowed"),
    NOT_FOUND(404, "Resource not found"),
    // 405-415: how it is asked
    METHOD_NOT_ALLOWED(405, "Method not allowed on this resource"),
    NOT_ACCEPTABLE(406, "No acceptable representation"),
    CONFLICT(409, "The request conflicts with the resource's current state"),
    PAYLOAD_TOO_LARGE(413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    UNPROCESSABLE(422, "The request is well formed but cannot be carried out"),
    // 5xx: ours, never the caller's
    INTERNAL_ERROR(500, "Internal error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    /** Base of every problem type URI. */
    public static final String TYPE_BASE = "https://troco.dev/problems/";

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The stable word, e.g. {@code validation_failed}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stable type URI, e.g. {@code https://troco.dev/problems/validation-failed}. */
    public String type() {
        return TYPE_BASE + code().replace('_', '-');
    }

    /** The code a response status falls back to when nothing more precise is known. */
    public static ProblemCode forStatus(int status) {
        for (ProblemCode code : values()) {
            if (code.status == status) {
                return code;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }
}
