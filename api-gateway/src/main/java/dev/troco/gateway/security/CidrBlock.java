package dev.troco.gateway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address block: a single address ({@code 203.0.113.7}, {@code 2001:db8::1}) or a
 * CIDR range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). Parsed from text without DNS: only
 * literal addresses are accepted, so a hostname can never sneak into an allowlist.
 */
public final class CidrBlock {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final byte[] network;
    private final int prefixLength;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** The prefix length: 0 for a range of every address. */
    public int prefixLength() {
        return prefixLength;
    }

    /**
     * A block from its text: an address ({@code 203.0.113.7}, a whole /32 or /128) or a CIDR range; host bits are
     * cleared, so {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
     *
     * @throws IllegalArgumentException with a reason a person can act on
     */
    public static CidrBlock parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(address);
        int maxPrefix = bytes.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("prefix length must be a number: " + text);
            }
            if (prefix < 0 || prefix > maxPrefix) {
                throw new IllegalArgumentException("prefix length must be 0-" + maxPrefix + ": " + text);
            }
        }
        return new CidrBlock(mask(bytes, prefix), prefix);
    }

    /** The literal bytes of an address (4 for IPv4, 16 for IPv6; IPv4-mapped IPv6 becomes IPv4). */
    public static byte[] literal(String address) {
        String candidate = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        int zone = candidate.indexOf('%');
        if (zone >= 0) {
            candidate = candidate.substring(0, zone);
        }
        if (!IPV4.matcher(candidate).matches() && !IPV6.matcher(candidate).matches()) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        try {
            // Safe: the patterns above admit only literals, so no name is resolved.
            byte[] bytes = InetAddress.getByName(candidate).getAddress();
            return unmapIpv4(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    public boolean contains(byte[] address) {
        byte[] candidate = unmapIpv4(address);
        if (candidate.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(candidate, prefixLength), network);
    }

    public boolean contains(String address) {
        try {
            return contains(literal(address));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Canonical text, e.g. {@code 10.0.0.0/8} or {@code 2001:db8:0:0:0:0:0:0/32}. */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrBlock block && block.prefixLength == prefixLength
                && Arrays.equals(block.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - bits)));
        }
        return masked;
    }

    private static byte[] unmapIpv4(byte[] bytes) {
        if (bytes.length == 16) {
            boolean mapped = bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                return Arrays.copyOfRange(bytes, 12, 16);
            }
        }
        return bytes;
    }
}
