package dev.troco.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers that must know their port before they start (a broker's listeners, an SMTP
 * server a test starts later), so parallel test JVMs never collide and no fixed port is assumed.
 *
 * <p>A port handed out here is free when checked but only taken when its server binds, so something else could bind
 * it in between. Two things keep that from happening: ports are drawn at random from below Linux's ephemeral range
 * (32768-60999), where the system never hands out ports of its own (every {@code bind(0)} and every outgoing
 * connection gets an ephemeral one), and no port is handed out twice in one JVM. A server that can bind port 0 itself
 * should do that instead.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int BELOW_EPHEMERAL = 32_768;
    private static final int TRIES = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < TRIES; i++) {
            int port = random.nextInt(LOWEST, BELOW_EPHEMERAL);
            if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port from " + LOWEST + " to " + (BELOW_EPHEMERAL - 1) + " after "
                + TRIES + " tries");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
