package dev.troco.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;

/**
 * Does a Docker engine answer? Asked once per JVM by {@link TestBackend}, in two steps.
 *
 * <ol>
 *   <li>Is one announced at all: {@code DOCKER_HOST}, {@code ~/.testcontainers.properties}, a socket
 *       where Docker, rootless Docker or Docker Desktop put theirs, {@code docker-machine}? These
 *       are the places Testcontainers looks (2.0.5, Linux and macOS). Where none is, there is no
 *       engine and the answer costs a few file checks: Testcontainers is not even loaded (it
 *       would take about a second and print an error with its list of failed strategies).</li>
 *   <li>If one is, Testcontainers' own detection decides (it also finds the engine's address),
 *       in a thread of its own, for at most the given time: an endpoint that accepts connections
 *       and never answers (a hung daemon, a stale port forward) makes it wait forever. Its log
 *       output is held back meanwhile; its warnings become the reason when no engine answers.</li>
 * </ol>
 */
final class DockerEngine {

    /** The outcome: whether an engine answers, where (or why not), and how long it took to find out. */
    record Check(boolean answers, String detail, long millis) {
    }

    /** The places an engine could be announced; {@code root} stands for {@code /} so tests can use a fake one. */
    record Places(Map<String, String> env, Path home, Path root, Integer uid, boolean windows) {

        static Places ofThisMachine() {
            Integer uid;
            try {
                uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (Exception | LinkageError e) {
                uid = null;
            }
            return new Places(System.getenv(), Path.of(System.getProperty("user.home")), Path.of("/"), uid,
                    System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"));
        }
    }

    private static final String[] LOG_CATEGORIES = {"org.testcontainers", "com.github.dockerjava"};
    private static final AtomicInteger CHECKS = new AtomicInteger();

    private DockerEngine() {
    }

    /**
     * Checks for an engine. With {@code nothingAnnouncedMeansNone}, a machine where nothing
     * announces one is answered at once; without, Testcontainers looks everywhere it knows.
     */
    static Check check(Duration bound, boolean nothingAnnouncedMeansNone) {
        CHECKS.incrementAndGet();
        return check(Places.ofThisMachine(), bound, nothingAnnouncedMeansNone,
                () -> DockerClientFactory.instance().getTransportConfig().getDockerHost().toString());
    }

    /** {@link #check(Duration, boolean)} on given places, with a given detection (Testcontainers' in production). */
    static Check check(Places places, Duration bound, boolean nothingAnnouncedMeansNone, Callable<String> detection) {
        long started = System.nanoTime();
        List<String> announced = announcements(places);
        String nothing = "nothing announces one (" + whereLooked(places) + ")";
        if (announced.isEmpty() && nothingAnnouncedMeansNone) {
            return new Check(false, nothing, millisSince(started));
        }
        return bounded(detection, bound, announced.isEmpty() ? nothing : "announced by " + String.join(", ", announced),
                started);
    }

    /** How many times this class loader has checked for an engine (tests prove {@code never} does not). */
    static int checksMade() {
        return CHECKS.get();
    }

    /** Where an engine is announced on {@code places}; empty if nowhere. */
    static List<String> announcements(Places places) {
        List<String> found = new ArrayList<>();
        String dockerHost = places.env().get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            found.add("DOCKER_HOST=" + dockerHost);
        }
        if (places.windows()) {
            found.add("Windows (named pipes are left to Testcontainers)");
        }
        Path userConfig = places.home().resolve(".testcontainers.properties");
        if (Files.exists(userConfig)) {
            found.add(userConfig.toString());
        }
        for (Path socket : sockets(places)) {
            if (Files.exists(socket)) {
                found.add(socket.toString());
            }
        }
        String path = places.env().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "docker-machine"))) {
                found.add("docker-machine on PATH");
                break;
            }
        }
        return found;
    }

    private static List<Path> sockets(Places places) {
        List<Path> sockets = new ArrayList<>();
        sockets.add(places.root().resolve("var/run/docker.sock"));
        String xdg = places.env().get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            sockets.add(Path.of(xdg, "docker.sock"));
        }
        sockets.add(places.home().resolve(".docker/run/docker.sock"));
        sockets.add(places.home().resolve(".docker/desktop/docker.sock"));
        if (places.uid() != null) {
            sockets.add(places.root().resolve("run/user/" + places.uid() + "/docker.sock"));
        }
        return sockets;
    }

    private static String whereLooked(Places places) {
        return "no DOCKER_HOST, no " + places.home().resolve(".testcontainers.properties") + ", no socket at "
                + sockets(places).stream().map(Path::toString).collect(Collectors.joining(", "))
                + ", no docker-machine on PATH";
    }

    /**
     * Runs {@code detection} (which answers the engine's address or throws) for at most
     * {@code bound}, with Testcontainers' and docker-java's log output held back meanwhile.
     */
    static Check bounded(Callable<String> detection, Duration bound, String announced, long started) {
        HeldBackLogs logs = HeldBackLogs.start();
        FutureTask<String> task = new FutureTask<>(detection);
        Thread thread = new Thread(task, "troco-docker-check");
        thread.setDaemon(true);
        thread.start();
        try {
            String where = task.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            logs.release();
            return new Check(true, where, millisSince(started));
        } catch (TimeoutException e) {
            // The detection may go on in the background; it is muted for good, this JVM will not use it.
            logs.keepMuted();
            return new Check(false, announced + ", but nothing answered within " + bound.toMillis() / 1000.0 + " s",
                    millisSince(started));
        } catch (ExecutionException e) {
            logs.keepMuted();
            String why = logs.warnings().isEmpty() ? String.valueOf(e.getCause().getMessage()) : logs.warnings();
            return new Check(false, announced + ", but no engine answered: " + why, millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            logs.keepMuted();
            return new Check(false, announced + ", and the check was interrupted", millisSince(started));
        }
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /**
     * Keeps Testcontainers' log records from reaching the console while it looks for an engine
     * (its failure is an ERROR with a list of strategies and WARNs with stack traces, alarming in
     * a run that goes on fine with the embedded path) and keeps their first lines as the reason.
     * Works where SLF4J logs through java.util.logging, as in every Quarkus test JVM (JBoss
     * LogManager); elsewhere the output is simply not held back.
     */
    private static final class HeldBackLogs extends Handler {

        private final List<Logger> loggers = new ArrayList<>();
        private final List<Boolean> usedParentHandlers = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        static HeldBackLogs start() {
            HeldBackLogs held = new HeldBackLogs();
            held.setLevel(Level.WARNING);
            for (String category : LOG_CATEGORIES) {
                Logger logger = Logger.getLogger(category);
                held.loggers.add(logger);
                held.usedParentHandlers.add(logger.getUseParentHandlers());
                logger.setUseParentHandlers(false);
                logger.addHandler(held);
            }
            return held;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (record == null || record.getLevel().intValue() < Level.WARNING.intValue() || warnings.size() >= 10) {
                return;
            }
            String message = record.getMessage();
            if (record.getParameters() != null && message != null && message.contains("{}")) {
                for (Object parameter : record.getParameters()) {
                    message = message.replaceFirst("\\{\\}", Matcher.quoteReplacement(String.valueOf(parameter)));
                }
            }
            if (message == null) {
                return;
            }
            // The first line, and any indented lines after it (Testcontainers lists the strategies it
            // tried that way), without the advice around them.
            // (Testcontainers 2.0.5 glues its closing advice to the last strategy; it goes too.)
            String[] lines = message.replace("As no valid configuration was found, execution cannot continue.", "")
                    .strip().split("\\R");
            StringBuilder text = new StringBuilder(lines[0].strip());
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank() && Character.isWhitespace(lines[i].charAt(0))) {
                    text.append(text.charAt(text.length() - 1) == ':' ? " " : "; ").append(lines[i].strip());
                }
            }
            if (record.getThrown() != null) {
                text.append(" (").append(record.getThrown()).append(')');
            }
            warnings.add(text.toString());
        }

        synchronized String warnings() {
            return String.join(" | ", warnings);
        }

        /** Testcontainers will be used: its output goes where it went before. */
        void release() {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).removeHandler(this);
                loggers.get(i).setUseParentHandlers(usedParentHandlers.get(i));
            }
        }

        /** Testcontainers will not be used in this JVM: whatever it still says stays quiet. */
        void keepMuted() {
            for (Logger logger : loggers) {
                logger.removeHandler(this);
            }
            MUTED.addAll(loggers); // strong references: java.util.logging forgets unreferenced loggers
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static final List<Logger> MUTED = new CopyOnWriteArrayList<>();
}
