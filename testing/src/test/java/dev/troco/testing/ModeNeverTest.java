package dev.troco.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * TROCO_TEST_CONTAINERS=never: the embedded broker and database, without looking for an engine.
 * Runs in a JVM of its own (the surefire execution {@code mode-never}), whose DOCKER_HOST names a
 * socket: never must not even look at it.
 */
class ModeNeverTest {

    @AfterAll
    static void stop() {
        TestKafka.stopShared();
        TestDatabases.stopShared();
    }

    @Test
    @SuppressWarnings("deprecation") // EmbeddedKafka.shared(), which other modules' tests still call
    void usesTheEmbeddedBrokerAndDatabaseWithoutCheckingForAnEngine() throws Exception {
        assertEquals("never", System.getenv(TestBackend.MODE_ENV), "run by the surefire execution mode-never");

        TestKafka kafka = TestKafka.shared();
        TestDatabases databases = TestDatabases.shared();

        assertInstanceOf(InJvmKafka.class, kafka);
        assertEquals(kafka.bootstrapServers(), EmbeddedKafka.shared().bootstrapServers(),
                "the old entry point answers the same broker");
        assertSame(kafka.networkProxy(), EmbeddedKafka.shared().networkProxy());
        assertEquals("embedded", databases.origin());
        assertEquals(new TestBackend.Choice(TestBackend.Kind.EMBEDDED, "TROCO_TEST_CONTAINERS=never"), TestBackend.chosen());
        assertEquals(0, DockerEngine.checksMade());

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
        try (Connection connection = DriverManager.getConnection(databases.createDatabase("never"),
                databases.user(), databases.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            result.next();
            assertEquals(17, result.getInt(1) / 10_000, "zonky's PostgreSQL 17 binaries");
        }
    }

    @Test
    void choosesAndSaysSoOncePerJvmEvenAcrossClassLoaders() throws Exception {
        TestBackend.chosen(); // made (and printed) by now, in this class loader
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Object again;
        try {
            TestBackend.chosen();
            // A Quarkus application loads the testing classes anew; a fresh loader stands in for it.
            URL classes = TestBackend.class.getProtectionDomain().getCodeSource().getLocation();
            try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
                Class<?> backend = fresh.loadClass(TestBackend.class.getName());
                assertEquals(fresh, backend.getClassLoader());
                Method chosen = backend.getMethod("chosen");
                again = chosen.invoke(null);
            }
        } finally {
            System.setErr(original);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8), "the choice is printed once per JVM");
        assertEquals("Choice[kind=EMBEDDED, reason=TROCO_TEST_CONTAINERS=never]", again.toString());
    }
}
