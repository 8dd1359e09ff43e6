package dev.troco.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver that wastes its caller's time: on each of its loopback ports it accepts connections and
 * never answers (not even a TLS handshake), so every attempt to it lasts the sender's whole timeout.
 * Each port is a different host:port, so the per-host limit alone cannot contain a company using them all.
 */
final class Tarpit implements AutoCloseable {

    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    private Tarpit(int ports) {
        try {
            for (int i = 0; i < ports; i++) {
                ServerSocket server = new ServerSocket();
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
                servers.add(server);
                Thread acceptor = new Thread(() -> hold(server), "tarpit-" + server.getLocalPort());
                acceptor.setDaemon(true);
                acceptor.start();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    static Tarpit open(int ports) {
        return new Tarpit(ports);
    }

    /** A URL on the {@code n}-th port (modulo their number). */
    String url(int n, boolean https) {
        return (https ? "https" : "http") + "://127.0.0.1:" + servers.get(Math.floorMod(n, servers.size())).getLocalPort()
                + "/hook";
    }

    /** Connections accepted so far: attempts the sender started. */
    int accepted() {
        return accepted.get();
    }

    private void hold(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                held.add(server.accept()); // kept open, never read from, never answered
                accepted.incrementAndGet();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        for (ServerSocket server : servers) {
            closeQuietly(server);
        }
        for (Socket socket : held) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // the test is over with it
        }
    }
}
