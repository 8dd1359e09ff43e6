package dev.troco.kit.net;

import java.net.UnknownHostException;

/**
 * Which URLs Troco may call (webhook endpoints, charge callbacks, IPNs): production only over HTTPS
 * (sandbox also over plain HTTP, so a merchant can try a local tunnel), only hosts whose addresses
 * {@link AddressGuard} lets through, and never Troco's own service ports ({@link ForbiddenPorts}).
 * The same rules are checked when the URL is given (a 400 naming the field) and at every connection
 * (the poster asks the guard again, so a name that changes its answer later is refused then).
 */
public final class OutboundUrlPolicy {

    private final AddressGuard guard;

    public OutboundUrlPolicy(AddressGuard guard) {
        this.guard = guard;
    }

    /** Form and scheme only, no lookup: what can be checked inside a transaction. */
    public OutboundUrl checkForm(String url, boolean production) {
        OutboundUrl parsed = OutboundUrl.parse(url);
        if (production && !parsed.https()) {
            throw new InvalidUrlException("https_required", "must use https in production");
        }
        guard.whyPortRefused(parsed.host(), parsed.port()).ifPresent(why -> {
            throw new InvalidUrlException("forbidden_port", "must not target Troco's own services: " + why);
        });
        return parsed;
    }

    /**
     * Form, scheme, port, and the host when it is written as an address: what is checked when a charge
     * or checkout is created, where a DNS lookup would make taking a payment wait on the merchant's DNS.
     * A name that resolves to a refused address is refused at delivery, for good (no retries).
     */
    public OutboundUrl checkWithoutLookup(String url, boolean production) {
        OutboundUrl parsed = checkForm(url, production);
        guard.whyLiteralRefused(parsed.host()).ifPresent(why -> {
            throw new InvalidUrlException("private_address", "must reach a public address: " + why);
        });
        return parsed;
    }

    /** Form, scheme, and the addresses the host resolves to now: what a URL Troco will call must pass. */
    public OutboundUrl check(String url, boolean production) {
        OutboundUrl parsed = checkForm(url, production);
        try {
            guard.resolve(parsed.host(), parsed.port());
        } catch (UnknownHostException e) {
            throw new InvalidUrlException("unresolvable_host", "host " + parsed.host() + " does not resolve");
        } catch (RefusedAddressException e) {
            if (e.forbiddenPort()) {
                throw new InvalidUrlException("forbidden_port", "must not target Troco's own services: "
                        + e.getMessage());
            }
            throw new InvalidUrlException("private_address", "must reach a public address: " + e.getMessage());
        }
        return parsed;
    }
}
