package dev.troco.events;

/** The bytes are not a message this build can read: unknown schema fingerprint, bad header or corrupt body. */
public class UndecodableMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UndecodableMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    public UndecodableMessageException(String message) {
        super(message);
    }
}
