package dev.troco.kit.net;

/** A URL that cannot be a webhook target; {@link #code()} is the stable word a field error carries. */
public class InvalidUrlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public InvalidUrlException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
