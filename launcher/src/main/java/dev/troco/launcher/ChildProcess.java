package dev.troco.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the launcher started (the broker, a service): its output goes to a log file, and a pid file records it
 * while it runs so that a later launcher can clean up if this one is killed before it could stop it.
 */
final class ChildProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code java <jvmArgs>} with the same Java the launcher runs on.
     *
     * @param marker a string of the command line that identifies this child among other processes (see
     *               {@link Leftovers})
     */
    static ChildProcess startJava(String name, List<String> jvmArgs, Map<String, String> environment, Path workDir,
                                  Path logFile, Path runDir, String marker) throws LaunchException {
        List<String> command = new ArrayList<>();
        // Ctrl-C in a terminal signals the whole foreground process group. In a session of their own, the
        // children hear nothing until the launcher stops them, one by one and in order. setsid does not fork
        // here (the launcher's children are not group leaders), so the pid stays the JVM's.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        builder.environment().putAll(environment);
        Process process;
        try {
            keepPreviousLog(logFile);
            process = builder.start();
        } catch (IOException e) {
            throw new LaunchException("Could not start " + name + ": " + e.getMessage(), e);
        }
        Path pidFile = runDir.resolve(name + ".pid");
        try {
            Files.writeString(pidFile, process.pid() + "\n" + marker + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            process.destroyForcibly(); // nobody would know about it otherwise
            throw new LaunchException("Could not write " + pidFile + ": " + e.getMessage(), e);
        }
        return new ChildProcess(name, process, logFile, pidFile);
    }

    /** The previous run's log stays next to the new one as .log.1: after a crash, it is what explains it. */
    private static void keepPreviousLog(Path logFile) throws IOException {
        if (Files.exists(logFile)) {
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM lets the JVM run its shutdown hooks (Quarkus and Kafka stop cleanly); SIGKILL if it hangs.
     *
     * @return true if the process ended by itself, false if it had to be killed
     */
    boolean stop(Duration grace) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.out.println("  " + name + " did not stop within " + grace.toSeconds() + " s: killing it");
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        } finally {
            deletePidFile();
        }
    }

    /** Waits for a short-lived process (such as the storage formatter). */
    int waitFor(Duration timeout) throws LaunchException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop(Duration.ofSeconds(5));
            throw new LaunchException(name + " did not finish within " + timeout.toSeconds() + " s", tail(30));
        }
        deletePidFile();
        return process.exitValue();
    }

    /** The last lines of the log, to show why something failed without sending people digging. */
    List<String> tail(int lines) {
        return LogTail.of(logFile, lines);
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // A stale pid file is checked against the process's command line before anyone acts on it.
        }
    }
}
