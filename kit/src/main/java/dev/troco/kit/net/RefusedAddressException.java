package dev.troco.kit.net;

/** A host Troco would call (webhook, callback, IPN) resolves to an address Troco must not call (private, loopback, metadata...), or its port is Troco's own. */
public class RefusedAddressException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean forbiddenPort;

    public RefusedAddressException(String message) {
        this(message, false);
    }

    RefusedAddressException(String message, boolean forbiddenPort) {
        super(message);
        this.forbiddenPort = forbiddenPort;
    }

    /** True when the address may be called but the port is one of Troco's own services. */
    public boolean forbiddenPort() {
        return forbiddenPort;
    }
}
