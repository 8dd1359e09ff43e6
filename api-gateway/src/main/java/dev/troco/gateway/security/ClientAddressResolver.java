package dev.troco.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who is calling: the TCP peer, unless the peer is one of our trusted proxies. Then the one
 * forwarding header that our proxy writes (chosen by configuration, never guessed from what the
 * request carries) is read from the right, skipping trusted proxies, and the first untrusted
 * address is the client. A client can write anything in either header, but only entries to the
 * right of the last untrusted hop are believed, and the header our proxy does not write is never
 * read: ingress-nginx appends to {@code X-Forwarded-For} and passes a client's {@code Forwarded}
 * through untouched, so believing {@code Forwarded} there would let anyone claim an allowed IP.
 */
public final class ClientAddressResolver {

    /** The forwarding header a deployment's proxy writes. */
    public enum ForwardingHeader {
        X_FORWARDED_FOR("X-Forwarded-For"),
        FORWARDED("Forwarded");

        private final String headerName;

        ForwardingHeader(String headerName) {
            this.headerName = headerName;
        }

        public String headerName() {
            return headerName;
        }

        /** {@code X-Forwarded-For} or {@code Forwarded}, case-insensitive. */
        public static ForwardingHeader named(String name) {
            for (ForwardingHeader header : values()) {
                if (header.headerName.equalsIgnoreCase(name.trim())) {
                    return header;
                }
            }
            throw new IllegalArgumentException("troco.gateway.client-address-header must be X-Forwarded-For or "
                    + "Forwarded, not " + name);
        }
    }

    private final List<CidrBlock> trustedProxies;
    private final ForwardingHeader header;

    public ClientAddressResolver(List<CidrBlock> trustedProxies, ForwardingHeader header) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.header = header;
    }

    /** The header this resolver reads, the only one it believes. */
    public ForwardingHeader header() {
        return header;
    }

    /**
     * @param peer the TCP peer address (never from a header)
     * @param headerValue the value of {@link #header()} on the request, or null
     */
    public String resolve(String peer, String headerValue) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> chain = header == ForwardingHeader.FORWARDED ? forwardedFor(headerValue)
                : xForwardedForChain(headerValue);
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            if (!isAddress(hop)) {
                // An unparseable hop cannot be trusted or checked: stop at what we know.
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        for (CidrBlock block : trustedProxies) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAddress(String text) {
        try {
            CidrBlock.literal(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> xForwardedForChain(String header) {
        List<String> hops = new ArrayList<>();
        if (header == null) {
            return hops;
        }
        for (String part : header.split(",")) {
            String hop = part.trim();
            if (!hop.isEmpty()) {
                hops.add(stripPort(hop));
            }
        }
        return hops;
    }

    /** The {@code for=} values of RFC 7239, in order. */
    private static List<String> forwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return hops;
        }
        for (String element : header.split(",")) {
            String value = null;
            for (String pair : element.split(";")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length == 2 && kv[0].trim().toLowerCase(Locale.ROOT).equals("for")) {
                    value = kv[1].trim();
                }
            }
            if (value != null) {
                if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                    value = value.substring(1, value.length() - 1);
                }
                hops.add(stripPort(value));
            } else {
                hops.add("unknown");
            }
        }
        return hops;
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':')) {
            return hop.substring(0, colon); // IPv4 with a port
        }
        return hop;
    }
}
