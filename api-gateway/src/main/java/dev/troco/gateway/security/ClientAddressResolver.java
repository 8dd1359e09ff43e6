package dev.troco.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who is calling: the TCP peer, unless the peer is one of our trusted proxies, in which case the
 * forwarding headers are read from the right (the entries our own proxies appended), skipping
 * trusted proxies, and the first untrusted address is the client. A client can write anything in
 * these headers, but only entries to the right of the last untrusted hop are believed, so an
 * allowed IP cannot be spoofed by sending a header.
 */
public final class ClientAddressResolver {

    private final List<CidrBlock> trustedProxies;

    public ClientAddressResolver(List<CidrBlock> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * @param peer the TCP peer address (never from a header)
     * @param forwarded the {@code Forwarded} header (RFC 7239), or null
     * @param xForwardedFor the {@code X-Forwarded-For} header, or null
     */
    public String resolve(String peer, String forwarded, String xForwardedFor) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> chain = forwarded != null && !forwarded.isBlank()
                ? forwardedFor(forwarded) : xForwardedForChain(xForwardedFor);
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
