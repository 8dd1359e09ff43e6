package dev.troco.kit.inbox;

/** A message that will never be handled, however often it is retried: it goes to the dead-letter topic. */
public class PoisonMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PoisonMessageException(String reason) {
        super(reason);
    }

    public PoisonMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
