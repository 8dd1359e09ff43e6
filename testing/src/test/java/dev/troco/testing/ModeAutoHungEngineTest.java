package dev.troco.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TROCO_TEST_CONTAINERS=auto with a Docker endpoint that accepts connections and never answers
 * (a hung daemon): the worst case for Testcontainers' detection, which waits for it forever. The
 * check gives up after its bound, quietly, and the embedded path is chosen. Runs in a JVM of its
 * own (the surefire execution {@code mode-auto-hung-engine}), whose DOCKER_HOST names the socket
 * this test serves.
 */
class ModeAutoHungEngineTest {

    private static ServerSocketChannel hungDaemon;
    private static final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
    private static final List<LogRecord> printed = new CopyOnWriteArrayList<>();
    private static final Handler console = new Handler() {
        @Override
        public void publish(LogRecord record) {
            printed.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void serveAHungDaemon() throws IOException {
        String dockerHost = System.getenv("DOCKER_HOST");
        assertTrue(dockerHost != null && dockerHost.startsWith("unix://"),
                "run by the surefire execution mode-auto-hung-engine: DOCKER_HOST=" + dockerHost);
        Path socket = Path.of(URI.create(dockerHost).getPath());
        Files.deleteIfExists(socket);
        hungDaemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(() -> {
            while (hungDaemon.isOpen()) {
                try {
                    accepted.add(hungDaemon.accept()); // and never a byte back
                } catch (IOException e) {
                    return;
                }
            }
        }, "hung-docker-daemon");
        acceptor.setDaemon(true);
        acceptor.start();
        Logger.getLogger("").addHandler(console);
    }

    @AfterAll
    static void stop() throws IOException {
        Logger.getLogger("").removeHandler(console);
        hungDaemon.close();
    }

    @Test
    void givesUpOnAHungEngineWithinTheBoundQuietlyAndChoosesTheEmbeddedPath() {
        long started = System.nanoTime();
        TestBackend.Choice choice = TestBackend.chosen();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals(TestBackend.Kind.EMBEDDED, choice.kind());
        assertTrue(!accepted.isEmpty(), "Testcontainers connected to the announced engine");
        assertTrue(choice.reason().startsWith("TROCO_TEST_CONTAINERS=auto and no Docker engine answered: announced by "
                + "DOCKER_HOST=" + System.getenv("DOCKER_HOST") + ", but nothing answered within 5.0 s"), choice.reason());
        long bound = TestBackend.AUTO_CHECK_BOUND.toMillis();
        assertTrue(took >= bound && took < bound + 2_000, "took " + took + " ms");
        List<String> testcontainersOutput = printed.stream()
                .filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("org.testcontainers")
                        && r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getLevel() + " " + r.getMessage())
                .toList();
        assertEquals(List.of(), testcontainersOutput, "Testcontainers' warnings are held back");
    }
}
