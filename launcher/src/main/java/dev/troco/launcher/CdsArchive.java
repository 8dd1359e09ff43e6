package dev.troco.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive for a child JVM: the classes it loaded at its first run, mapped from one file
 * at the next start instead of being parsed and verified again. The broker loads thousands of Scala and
 * Kafka classes; with the archive it was ready in about 4 s instead of 6 on a busy two-core machine.
 *
 * <p>The JVM writes the archive when it exits (-XX:ArchiveClassesAtExit), to a pending file that becomes the
 * archive only if the process stopped by itself: a JVM killed while writing leaves nothing half-written in
 * use. The file name carries a fingerprint of the JDK and the classpath, so rebuilding the launcher with other
 * jars, or another JDK, starts a new archive rather than tripping over the old one (the JVM would only warn
 * and run without it).
 */
final class CdsArchive {

    private final Path archive;
    private final Path pending;

    private CdsArchive(Path archive) {
        this.archive = archive;
        this.pending = archive.resolveSibling(archive.getFileName() + ".pending");
    }

    static CdsArchive forClasspath(Path cacheDir, String name, Path libDir) throws IOException {
        String fingerprint = fingerprint(libDir);
        try (Stream<Path> old = Files.list(cacheDir)) {
            for (Path stale : old.filter(f -> f.getFileName().toString().startsWith(name + "-")
                    && !f.getFileName().toString().startsWith(name + "-" + fingerprint)).toList()) {
                Files.deleteIfExists(stale);
            }
        }
        return new CdsArchive(cacheDir.resolve(name + "-" + fingerprint + ".jsa"));
    }

    /** Use the archive if there is one, otherwise have this run write it. */
    List<String> jvmOptions() {
        return Files.exists(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive)
                : List.of("-XX:ArchiveClassesAtExit=" + pending);
    }

    /** @param stoppedByItself false when the process had to be killed, perhaps while writing the archive */
    void processExited(boolean stoppedByItself) {
        try {
            if (stoppedByItself && Files.exists(pending)) {
                Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(pending);
            }
        } catch (IOException e) {
            // Only a missed speed-up: the next start writes it again.
        }
    }

    private static String fingerprint(Path libDir) throws IOException {
        try (Stream<Path> jars = Files.list(libDir)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, System.getProperty("java.home"));
            update(digest, System.getProperty("java.vm.version"));
            for (Path jar : jars.sorted().toList()) {
                update(digest, jar.getFileName() + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static void update(MessageDigest digest, String value) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
