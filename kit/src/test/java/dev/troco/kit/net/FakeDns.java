package dev.troco.kit.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A DNS server that answers from a table, as an attacker's would; literal addresses answer themselves. */
public final class FakeDns {

    private FakeDns() {
    }

    public static HostResolver of(Map<String, List<String>> table) {
        return host -> {
            List<String> answers = table.get(host);
            if (answers == null) {
                if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.contains(":")) {
                    return List.of(InetAddress.getByName(host));
                }
                throw new UnknownHostException(host);
            }
            List<InetAddress> addresses = new ArrayList<>();
            for (String answer : answers) {
                addresses.add(InetAddress.getByAddress(host, InetAddress.getByName(answer).getAddress()));
            }
            return addresses;
        };
    }
}
