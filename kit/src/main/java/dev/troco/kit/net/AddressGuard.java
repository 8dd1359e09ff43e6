package dev.troco.kit.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps webhooks, callbacks and IPNs from reaching Troco's own network (SSRF): resolves a host and refuses it when any
 * of its addresses is loopback, private, link-local, cloud metadata, shared, multicast or otherwise
 * reserved, unless the host is explicitly allowlisted (local development and tests).
 *
 * <p>The addresses it answers are the ones to connect to: checking one lookup and connecting after
 * another would let a name that changes its answer between the two (DNS rebinding) through.
 */
public final class AddressGuard {

    /** Most specific first: the first range containing an address names why it is refused. */
    private static final List<IpRange> REFUSED = List.of(
            IpRange.of("169.254.169.254/32", "cloud metadata"),
            IpRange.of("fd00:ec2::254/128", "cloud metadata"),
            IpRange.of("100.100.100.200/32", "cloud metadata"),
            IpRange.of("0.0.0.0/8", "unspecified"),
            IpRange.of("10.0.0.0/8", "private"),
            IpRange.of("100.64.0.0/10", "shared (carrier-grade NAT)"),
            IpRange.of("127.0.0.0/8", "loopback"),
            IpRange.of("169.254.0.0/16", "link-local"),
            IpRange.of("172.16.0.0/12", "private"),
            IpRange.of("192.0.0.0/24", "reserved"),
            IpRange.of("192.0.2.0/24", "documentation"),
            IpRange.of("192.88.99.0/24", "reserved"),
            IpRange.of("192.168.0.0/16", "private"),
            IpRange.of("198.18.0.0/15", "benchmarking"),
            IpRange.of("198.51.100.0/24", "documentation"),
            IpRange.of("203.0.113.0/24", "documentation"),
            IpRange.of("224.0.0.0/4", "multicast"),
            IpRange.of("240.0.0.0/4", "reserved"),
            IpRange.of("::/128", "unspecified"),
            IpRange.of("::1/128", "loopback"),
            IpRange.of("::/96", "reserved"),
            IpRange.of("64:ff9b:1::/48", "reserved"),
            IpRange.of("100::/64", "reserved"),
            IpRange.of("2001::/23", "reserved"),
            IpRange.of("2001:db8::/32", "documentation"),
            IpRange.of("fc00::/7", "private"),
            IpRange.of("fe80::/10", "link-local"),
            IpRange.of("fec0::/10", "private"),
            IpRange.of("ff00::/8", "multicast"));

    /** What a refusal says: the host as the caller wrote it, never the address it resolved to. */
    static final String REFUSED_MESSAGE = "%s resolves to a private or reserved address";

    private final HostResolver resolver;
    private final Set<String> allowedPrivateHosts;
    private final ForbiddenPorts forbiddenPorts;

    public AddressGuard(HostResolver resolver, Collection<String> allowedPrivateHosts) {
        this(resolver, allowedPrivateHosts, ForbiddenPorts.none());
    }

    public AddressGuard(HostResolver resolver, Collection<String> allowedPrivateHosts, ForbiddenPorts forbiddenPorts) {
        this.resolver = resolver;
        this.forbiddenPorts = forbiddenPorts;
        this.allowedPrivateHosts = allowedPrivateHosts.stream()
                .map(AddressGuard::normalize)
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The addresses to connect to for {@code host}.
     *
     * @throws RefusedAddressException if one of them may not be called
     * @throws UnknownHostException if the name does not resolve
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException, RefusedAddressException {
        String name = normalize(host);
        List<InetAddress> addresses = resolver.resolve(name);
        if (addresses.isEmpty()) {
            throw new UnknownHostException(name + " has no address");
        }
        if (allowedPrivateHosts.contains(name)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            if (whyRefused(address).isPresent()) {
                // Neither the address nor its kind: the refusal reaches the merchant (registration
                // answer, delivery log), and naming what an internal name resolves to maps Troco's
                // network for whoever asks.
                throw new RefusedAddressException(REFUSED_MESSAGE.formatted(name));
            }
        }
        return addresses;
    }

    /**
     * The addresses to connect to for {@code host} on {@code port}: as {@link #resolve(String)}, and
     * refused when the port is one of Troco's own services ({@link ForbiddenPorts}) on a host that
     * reaches a private address through the allowlist, or a {@code host:port} the configuration names.
     */
    public List<InetAddress> resolve(String host, int port) throws UnknownHostException, RefusedAddressException {
        List<InetAddress> addresses = resolve(host);
        String name = normalize(host);
        boolean local = allowedPrivateHosts.contains(name)
                && addresses.stream().anyMatch(a -> whyRefused(a).isPresent());
        if (forbiddenPorts.refusesNamed(name, port, addresses) || (local && forbiddenPorts.refusesLocal(port))) {
            throw new RefusedAddressException(ForbiddenPorts.message(port), true);
        }
        return addresses;
    }

    /**
     * Why {@code host:port} may not be called, judged without a lookup (a URL checked inside a
     * transaction): a forbidden {@code host:port}, or a forbidden port of an allowlisted private host.
     */
    public Optional<String> whyPortRefused(String host, int port) {
        String name = normalize(host);
        return forbiddenPorts.whyRefused(name, port, allowedPrivateHosts.contains(name));
    }

    /**
     * Why {@code host} may not be called, judged without a DNS lookup: a host written as an address
     * ({@code 169.254.169.254}, {@code [::1]}, {@code 2130706433}) or {@code localhost} that falls in a
     * refused range and is not allowlisted. A name is judged when it is resolved, at every connection.
     */
    public Optional<String> whyLiteralRefused(String host) {
        String name = normalize(host);
        if (allowedPrivateHosts.contains(name)) {
            return Optional.empty();
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of(REFUSED_MESSAGE.formatted(name));
        }
        boolean literal = name.contains(":") || name.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        if (!literal) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(name); // a literal: parsed, never looked up
            return whyRefused(address).map(why -> REFUSED_MESSAGE.formatted(name));
        } catch (UnknownHostException e) {
            return Optional.of(name + " is not a valid address");
        }
    }

    /** Why an address may not be called, or empty when it may. */
    static Optional<String> whyRefused(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                Optional<String> inner = labelOf(embedded);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return labelOf(bytes);
    }

    private static Optional<String> labelOf(byte[] bytes) {
        return REFUSED.stream().filter(r -> r.contains(bytes)).map(IpRange::label).findFirst();
    }

    /**
     * The IPv4 address inside an IPv6 one that carries it (IPv4-mapped {@code ::ffff:a.b.c.d},
     * NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:aabb:ccdd::}), or null: such an address
     * reaches the IPv4 host, and is judged as that host.
     */
    private static byte[] embeddedIpv4(byte[] v6) {
        boolean mapped = isZero(v6, 0, 10) && (v6[10] & 0xFF) == 0xFF && (v6[11] & 0xFF) == 0xFF;
        boolean nat64 = (v6[0] & 0xFF) == 0x00 && (v6[1] & 0xFF) == 0x64 && (v6[2] & 0xFF) == 0xFF
                && (v6[3] & 0xFF) == 0x9B && isZero(v6, 4, 12);
        if (mapped || nat64) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if ((v6[0] & 0xFF) == 0x20 && (v6[1] & 0xFF) == 0x02) {
            return Arrays.copyOfRange(v6, 2, 6);
        }
        return null;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Lowercase, without IPv6 brackets or the root dot ({@code localhost.} is {@code localhost}). */
    static String normalize(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }
}
