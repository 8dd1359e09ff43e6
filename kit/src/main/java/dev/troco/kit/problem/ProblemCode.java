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
    INVALID_PASSWORD(400, "The password does not meet the rules"),
    INVALID_CHARACTERS(400, "The request holds control characters or text that is not UTF-8"),
    // 401-404: who is asking, and for what
    UNAUTHENTICATED(401, "Authentication is required"),
    INVALID_CREDENTIALS(401, "E-mail, password or two-factor code is wrong"),
    INVALID_API_KEY(401, "The API key is malformed, unknown, expired or revoked"),
    INVALID_SESSION(401, "The session is unknown or expired; log in again"),
    FORBIDDEN(403, "Not allowed"),
    IP_NOT_ALLOWED(403, "The calling IP address is not allowed to use this API key"),
    MISSING_PERMISSION(403, "The API key lacks a permission this endpoint needs"),
    MODERATOR_REQUIRED(403, "Only Moderators can use access control"),
    SANDBOX_ONLY(403, "Available in the sandbox only"),
    INVALID_TOTP(403, "The two-factor code is wrong, expired or already used"),
    PRODUCT_NOT_PURCHASED(403, "The company has not purchased the product this permission belongs to"),
    NOT_FOUND(404, "Resource not found"),
    // 405-415: how it is asked
    METHOD_NOT_ALLOWED(405, "Method not allowed on this resource"),
    NOT_ACCEPTABLE(406, "No acceptable representation"),
    CONFLICT(409, "The request conflicts with the resource's current state"),
    IDEMPOTENCY_KEY_IN_USE(409, "A request with this Idempotency-Key is still being processed"),
    INVALID_STATE(409, "The resource's current status does not allow this"),
    CHARGEBACK_OPEN(409, "A chargeback is open on this charge; refunds wait until it ends"),
    CHARGEBACK_LOST(409, "The payer already got the money back through a chargeback"),
    PAYLOAD_TOO_LARGE(413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    REQUEST_TIMEOUT(408, "The request body did not arrive in time"),
    UNPROCESSABLE(422, "The request is well formed but cannot be carried out"),
    IDEMPOTENCY_KEY_REUSED(422, "This Idempotency-Key was used with a different request"),
    REFUND_EXCEEDS_PAID(422, "The refund is more than what is left of the paid amount"),
    // 429: too much
    QUOTA_EXCEEDED(429, "Rate limit exceeded"),
    TOO_MANY_FAILED_AUTHENTICATIONS(429, "Too many failed authentications; retry later"),
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
