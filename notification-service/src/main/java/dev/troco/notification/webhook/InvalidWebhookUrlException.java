package dev.troco.notification.webhook;

/** A URL that cannot be a webhook target; {@link #code()} is the stable word a field error carries. */
public class InvalidWebhookUrlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public InvalidWebhookUrlException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
