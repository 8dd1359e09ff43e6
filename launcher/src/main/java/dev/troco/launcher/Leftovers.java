package dev.troco.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Stops what an earlier launcher left running because it was killed before it could stop it (SIGKILL, a
 * crash): its children run in sessions of their own, and PostgreSQL is daemonized by pg_ctl, so they outlive
 * it. Called only while holding the {@link LauncherLock}, so no live launcher owns these processes.
 *
 * <p>A pid is acted upon only if the process is alive and its command line still contains the marker recorded
 * with it (a jar path, a config path): pids get reused.
 */
final class Leftovers {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private Leftovers() {
    }

    static void stopAll(TrocoPaths paths, Console console) throws LaunchException {
        List<Path> pidFiles;
        try (Stream<Path> files = Files.list(paths.run())) {
            // The same order as a normal stop: services, then the broker (kafka*.pid sorts last), then the database.
            pidFiles = files.filter(f -> f.toString().endsWith(".pid"))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString().startsWith("kafka"))
                            .thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new LaunchException("Could not read " + paths.run() + ": " + e.getMessage(), e);
        }
        for (Path pidFile : pidFiles) {
            String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
            readPidFile(pidFile).ifPresent(recorded -> ProcessHandle.of(recorded.pid())
                    .filter(p -> commandLine(p).contains(recorded.marker()))
                    .ifPresent(p -> stop(name, p, console)));
            deleteQuietly(pidFile);
        }
        postmaster(paths.postgresData()).ifPresent(p -> stop("PostgreSQL", p, console));
    }

    private record Recorded(long pid, String marker) {
    }

    private static Optional<Recorded> readPidFile(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                return Optional.of(new Recorded(Long.parseLong(lines.get(0).trim()), lines.get(1).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: nothing to act on
        }
        return Optional.empty();
    }

    /** PostgreSQL's own postmaster.pid: its first line is the server's pid while the server runs. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
            return ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("/postgres"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }

    /** SIGTERM first: Quarkus, Kafka and PostgreSQL all shut down cleanly on it. */
    private static void stop(String name, ProcessHandle process, Console console) {
        console.line("Stopping " + name + " (pid " + process.pid() + "), left running by a launcher that did not "
                + "shut down...");
        process.destroy();
        try {
            process.onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
        } catch (ExecutionException e) {
            // onExit does not fail
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // harmless: checked against the command line next time too
        }
    }
}
