package dev.troco.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * TROCO_TEST_CONTAINERS=auto with DOCKER_HOST naming a socket nobody listens on (a daemon that
 * died and left its socket): Testcontainers' detection fails fast, and says so with an ERROR and a
 * WARN with a stack trace. None of that reaches the console; its first lines become the reason,
 * and the embedded path is chosen. Runs in a JVM of its own (the surefire execution
 * {@code mode-auto-dead-engine}).
 */
class ModeAutoDeadEngineTest {

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
    static void leaveADeadSocket() throws IOException {
        String dockerHost = System.getenv("DOCKER_HOST");
        assertTrue(dockerHost != null && dockerHost.startsWith("unix://"),
                "run by the surefire execution mode-auto-dead-engine: DOCKER_HOST=" + dockerHost);
        Map<String, String> otherwise = new HashMap<>(System.getenv());
        otherwise.remove("DOCKER_HOST");
        DockerEngine.Places machine = DockerEngine.Places.ofThisMachine();
        List<String> realEngines = DockerEngine.announcements(
                new DockerEngine.Places(otherwise, machine.home(), machine.root(), machine.uid(), machine.windows()));
        assumeTrue(realEngines.isEmpty(), "this machine announces a Docker engine besides DOCKER_HOST (" + realEngines
                + "), which Testcontainers would find next");
        Path socket = Path.of(URI.create(dockerHost).getPath());
        Files.deleteIfExists(socket);
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)).close();
        assertTrue(Files.exists(socket), "closing a Unix socket leaves its file behind");
        Logger.getLogger("").addHandler(console);
    }

    @AfterAll
    static void stopListening() {
        Logger.getLogger("").removeHandler(console);
    }

    @Test
    void aDeadEngineIsReportedInOneLineAndTheEmbeddedPathIsChosen() {
        long started = System.nanoTime();
        TestBackend.Choice choice = TestBackend.chosen();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals(TestBackend.Kind.EMBEDDED, choice.kind());
        assertTrue(choice.reason().startsWith("TROCO_TEST_CONTAINERS=auto and no Docker engine answered: announced by "
                + "DOCKER_HOST=" + System.getenv("DOCKER_HOST") + ", but no engine answered: DOCKER_HOST "
                + System.getenv("DOCKER_HOST") + " is not listening"), choice.reason());
        assertTrue(choice.reason().contains(" | Could not find a valid Docker environment. Please check configuration. "
                + "Attempted configurations were: UnixSocketClientProviderStrategy: failed"), choice.reason());
        assertTrue(!choice.reason().contains("See https://"), "the advice is left out: " + choice.reason());
        assertTrue(took < TestBackend.AUTO_CHECK_BOUND.toMillis(), "took " + took + " ms");
        List<String> testcontainersOutput = printed.stream()
                .filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("org.testcontainers")
                        && r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getLevel() + " " + r.getMessage())
                .toList();
        assertEquals(List.of(), testcontainersOutput, "Testcontainers' warnings are held back");
    }
}
