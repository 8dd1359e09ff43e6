package dev.troco.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL of docker-compose.yml's image in a container (Testcontainers' PostgreSQL module): the
 * container path of {@link TestDatabases}, configured like the embedded server (fsync off, 300
 * connections) with its data directory in memory.
 */
final class ContainerPostgres {

    /** The image and version of docker-compose.yml's postgres service (a test keeps the two equal). */
    static final String IMAGE = "postgres:17";

    private static final int PORT = 5432;

    private ContainerPostgres() {
    }

    /** The container, configured and not started: {@code user} is the superuser. */
    static PostgreSQLContainer container(String user, String password) {
        return new PostgreSQLContainer(IMAGE)
                .withUsername(user)
                .withPassword(password)
                .withDatabaseName("postgres")
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300")
                .withTmpFs(Map.of("/var/lib/postgresql/data", "rw"))
                // The first run pulls the image.
                .withStartupTimeout(Duration.ofMinutes(3));
    }

    /** Starts the server; the answer's stopper stops the container. */
    static TestDatabases.Server start(String user, String password) {
        long started = System.nanoTime();
        PostgreSQLContainer container = container(user, password);
        container.start();
        String url = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(PORT) + "/postgres";
        System.err.printf("[troco-testing] PostgreSQL (container %s, %s) ready at %s in %d ms%n",
                container.getContainerId().substring(0, 12), IMAGE, url,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new TestDatabases.Server("container", url, container::stop);
    }
}
