package dev.troco.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and memory of every platform process, read from /proc: each Quarkus service (by its jar's module),
 * the Kafka broker, Troco's PostgreSQL (the postmaster listening on the given port, its backends, and the CPU of
 * backends that already exited, from the postmaster's cutime/cstime) and the bench itself. Memory is the
 * proportional set size (PSS: shared pages divided among the processes sharing them), so PostgreSQL's shared
 * buffers are not counted once per backend.
 */
final class ProcessSampler {

    record Sample(Map<String, Double> cpuSeconds, Map<String, Double> memoryMb) {
    }

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux x86_64

    private final String postgresPort;
    private final long self = ProcessHandle.current().pid();

    ProcessSampler(int postgresPort) {
        this.postgresPort = String.valueOf(postgresPort);
    }

    Sample sample() {
        Map<String, Long> ticks = new TreeMap<>();
        Map<String, Double> memory = new TreeMap<>();
        Map<Long, String> components = new TreeMap<>();
        Map<Long, Long> parents = new TreeMap<>();
        Map<Long, long[]> stats = new TreeMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : processes) {
                long pid = Long.parseLong(dir.getFileName().toString());
                long[] stat = stat(dir);
                if (stat == null) {
                    continue;
                }
                stats.put(pid, stat);
                parents.put(pid, stat[0]);
                String component = classify(pid, cmdline(dir));
                if (component != null) {
                    components.put(pid, component);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        // PostgreSQL backends are children of the postmaster.
        components.entrySet().stream().filter(e -> e.getValue().equals("postmaster")).map(Map.Entry::getKey)
                .toList().forEach(postmaster -> {
                    components.put(postmaster, "postgresql");
                    long[] stat = stats.get(postmaster);
                    ticks.merge("postgresql", stat[3] + stat[4], Long::sum); // exited children
                    parents.forEach((pid, parent) -> {
                        if (parent.equals(postmaster)) {
                            components.put(pid, "postgresql");
                        }
                    });
                });
        components.forEach((pid, component) -> {
            long[] stat = stats.get(pid);
            ticks.merge(component, stat[1] + stat[2], Long::sum);
            memory.merge(component, pssMb(pid), Double::sum);
        });
        Map<String, Double> cpu = new TreeMap<>();
        ticks.forEach((component, t) -> cpu.put(component, t / TICKS_PER_SECOND));
        return new Sample(cpu, memory);
    }

    private String classify(long pid, String cmdline) {
        if (pid == self) {
            return "bench";
        }
        int jar = cmdline.indexOf("/target/quarkus-app/quarkus-run.jar");
        if (jar > 0) {
            String before = cmdline.substring(0, jar);
            return before.substring(before.lastIndexOf('/') + 1);
        }
        if (cmdline.contains("kafka.Kafka")) {
            return "kafka";
        }
        String[] parts = cmdline.split("\0");
        if (parts.length > 0 && parts[0].endsWith("/postgres")) {
            for (int i = 0; i + 1 < parts.length; i++) {
                if (parts[i].equals("-p") && parts[i + 1].equals(postgresPort)) {
                    return "postmaster";
                }
            }
        }
        return null;
    }

    /** ppid, utime, stime, cutime, cstime; null if the process is gone. */
    private static long[] stat(Path dir) {
        try {
            String text = Files.readString(dir.resolve("stat"));
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state ppid ... utime=11 stime=12 cutime=13 cstime=14 (0-based from state)
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String cmdline(Path dir) {
        try {
            return new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static double pssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return 0;
    }

    static ObjectNode delta(Sample before, Sample after, long units) {
        ObjectNode node = Http.JSON.createObjectNode();
        ObjectNode cpu = node.putObject("cpuSeconds");
        ObjectNode per1000 = node.putObject("cpuSecondsPer1000");
        after.cpuSeconds().forEach((component, seconds) -> {
            double used = seconds - before.cpuSeconds().getOrDefault(component, 0.0);
            cpu.put(component, round(used));
            if (units > 0) {
                per1000.put(component, round(used * 1000.0 / units));
            }
        });
        ObjectNode memory = node.putObject("memoryMb");
        after.memoryMb().forEach((component, mb) -> memory.put(component, round(mb)));
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
