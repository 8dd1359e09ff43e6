package dev.troco.kit.net;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Troco's own service ports, which no webhook, callback or IPN may reach even where local receivers
 * are allowed (the allowed private hosts of {@link AddressGuard}, under {@code ./troco up}): otherwise
 * a merchant's webhook could POST to {@code http://127.0.0.1:8084/internal/...} and act on another
 * company.
 *
 * <p>An entry is either a port ({@code 8084}), refused on every host allowed to reach a private,
 * loopback or otherwise reserved address (a public host on port 8080 is a merchant's own business),
 * or a host and port ({@code notifier.internal:8084}, {@code 127.0.0.1:8084}, {@code [::1]:8084}),
 * refused whatever the host resolves to.
 */
public final class ForbiddenPorts {

    /** @param literal the host as an address when it is written as one (compared with resolved addresses) */
    private record Entry(String host, int port, InetAddress literal) {
    }

    private final Set<Integer> ports;
    private final List<Entry> hostPorts;

    private ForbiddenPorts(Set<Integer> ports, List<Entry> hostPorts) {
        this.ports = ports;
        this.hostPorts = hostPorts;
    }

    public static ForbiddenPorts none() {
        return new ForbiddenPorts(Set.of(), List.of());
    }

    /** @throws IllegalArgumentException for an entry that is neither {@code port} nor {@code host:port} */
    public static ForbiddenPorts parse(Collection<String> entries) {
        List<Entry> parsed = entries.stream().map(String::trim).filter(e -> !e.isEmpty())
                .map(ForbiddenPorts::entry).toList();
        return new ForbiddenPorts(
                parsed.stream().filter(e -> e.host() == null).map(Entry::port).collect(Collectors.toUnmodifiableSet()),
                parsed.stream().filter(e -> e.host() != null).toList());
    }

    private static Entry entry(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? null : AddressGuard.normalize(text.substring(0, colon));
        String port = colon < 0 ? text : text.substring(colon + 1);
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535 || (host != null && host.isEmpty())) {
                throw new NumberFormatException();
            }
            return new Entry(host, number, host == null ? null : literal(host));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("forbidden ports: '" + text
                    + "' is neither a port nor host:port");
        }
    }

    /** An IP literal as an address (no lookup happens for a literal); null for a name. */
    private static InetAddress literal(String host) {
        if (!host.contains(":") && !host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("forbidden ports: '" + host + "' is not an address");
        }
    }

    /** Whether {@code port} of a host allowed to reach private addresses is one of Troco's own. */
    boolean refusesLocal(int port) {
        return ports.contains(port);
    }

    /** Whether a {@code host:port} entry names this host (by name, or one of its addresses) and port. */
    boolean refusesNamed(String name, int port, Collection<InetAddress> addresses) {
        return hostPorts.stream().anyMatch(e -> e.port() == port && (e.host().equals(name)
                || (e.literal() != null && addresses.contains(e.literal()))));
    }

    /** The refusal for a form check (no lookup): a named entry, or a local port of an allowed private host. */
    Optional<String> whyRefused(String name, int port, boolean allowedPrivateHost) {
        if (refusesNamed(name, port, List.of()) || (allowedPrivateHost && refusesLocal(port))) {
            return Optional.of(message(port));
        }
        return Optional.empty();
    }

    static String message(int port) {
        return "port " + port + " is one of Troco's own services";
    }
}
