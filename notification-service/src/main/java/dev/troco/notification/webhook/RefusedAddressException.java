package dev.troco.notification.webhook;

/** A webhook host resolves to an address Troco must not call (private, loopback, metadata...). */
public class RefusedAddressException extends Exception {

    private static final long serialVersionUID = 1L;

    public RefusedAddressException(String message) {
        super(message);
    }
}
