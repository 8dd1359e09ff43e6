package dev.troco.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Checks, before anything starts, that the ports the platform will listen on are free. */
final class Ports {

    /** A port something of the platform is about to listen on. */
    record Claim(String host, int port, String owner, String hint) {
        Claim(String host, int port, String owner) {
            this(host, port, owner, "");
        }
    }

    private Ports() {
    }

    /**
     * Binding is the only reliable test: a connect attempt misses a server on another address. SO_REUSEADDR is
     * on, as in Kafka and Vert.x, so a socket from a previous run lingering in TIME_WAIT does not count as a
     * listener; on Linux it does not let two sockets listen on the same port.
     */
    static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with one message naming every port in use, so a second attempt does not find the next one. */
    static void requireFree(List<Claim> claims) throws LaunchException {
        List<Claim> taken = claims.stream().filter(c -> !isFree(c.host(), c.port())).toList();
        if (taken.isEmpty()) {
            return;
        }
        List<String> details = new ArrayList<>();
        for (Claim claim : taken) {
            details.add(String.format("  %-6d %s%s", claim.port(), claim.owner(),
                    claim.hint().isEmpty() ? "" : " (" + claim.hint() + ")"));
        }
        details.add("Is another Troco launcher running, maybe with another --data-dir? Stop it with Ctrl-C.");
        details.add("To see what holds a port: ss -ltnp 'sport = :" + taken.get(0).port() + "'");
        throw new LaunchException("Port" + (taken.size() > 1 ? "s" : "") + " already in use:", details);
    }
}
