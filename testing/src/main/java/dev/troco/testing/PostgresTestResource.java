package dev.troco.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a Quarkus test a fresh, empty PostgreSQL database (see {@link TestDatabases}: in a
 * container or embedded, as {@link TestBackend} chose); Flyway then migrates it as in production.
 * The init arg {@code database} names its purpose (e.g. {@code charge}). The server stops with the
 * application.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String purpose = "troco";

    @Override
    public void init(Map<String, String> initArgs) {
        purpose = initArgs.getOrDefault("database", purpose);
    }

    @Override
    public Map<String, String> start() {
        TestDatabases databases = TestDatabases.shared();
        return Map.of(
                "quarkus.datasource.jdbc.url", databases.createDatabase(purpose),
                "quarkus.datasource.username", databases.user(),
                "quarkus.datasource.password", databases.password());
    }

    @Override
    public void stop() {
        TestDatabases.stopShared();
    }
}
