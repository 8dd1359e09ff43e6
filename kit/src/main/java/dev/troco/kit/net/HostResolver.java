package dev.troco.kit.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution, replaceable in tests to play a DNS server that lies (rebinding). */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host}; a literal address answers itself without a lookup. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
