package dev.troco.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where the test support gets its Kafka broker and PostgreSQL server from: containers started
 * through Testcontainers (the images of {@code docker-compose.yml}) or the embedded ones (a broker
 * inside the test JVM and PostgreSQL's binaries through zonky). Tests never see the difference:
 * they ask {@link KafkaTestResource}, {@link PostgresTestResource}, {@link TestKafka#shared()} and
 * {@link TestDatabases#shared()}.
 *
 * <p>{@value #MODE_ENV} chooses:
 * <ul>
 *   <li>{@code auto} (the default): containers if a Docker engine answers, else embedded. The
 *       check costs nothing where nothing announces an engine (no {@code DOCKER_HOST}, no socket)
 *       and is cut off after {@link #AUTO_CHECK_BOUND} where something does but does not answer;</li>
 *   <li>{@code always}: containers, or every test fails with the reason no engine answered;</li>
 *   <li>{@code never}: embedded, without looking for an engine.</li>
 * </ul>
 * The choice is made once per JVM and printed once, with its reason.
 */
public final class TestBackend {

    public static final String MODE_ENV = "TROCO_TEST_CONTAINERS";

    /** How long {@code auto} waits for an announced engine to answer before using the embedded path. */
    static final Duration AUTO_CHECK_BOUND = Duration.ofSeconds(5);
    /** How long {@code always} waits (a paused Docker Desktop can take a while to wake up). */
    static final Duration ALWAYS_CHECK_BOUND = Duration.ofSeconds(30);

    // The choice lives in system properties, not in a static field: each Quarkus application loads
    // this class anew, and the engine check and the log line should happen once per JVM.
    private static final String CHOSEN_PROPERTY = "troco.testing.internal.backend";
    private static final String REASON_PROPERTY = "troco.testing.internal.backend-reason";
    private static final String REFUSED = "REFUSED";

    public enum Mode {
        AUTO, ALWAYS, NEVER;

        /** Parses the value of {@value #MODE_ENV}; unset or blank means {@code auto}. */
        static Mode parse(String raw) {
            if (raw == null || raw.isBlank()) {
                return AUTO;
            }
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "auto":
                    return AUTO;
                case "always":
                    return ALWAYS;
                case "never":
                    return NEVER;
                default:
                    throw new IllegalArgumentException(MODE_ENV + "=\"" + raw + "\" is not a valid value. Use auto "
                            + "(containers if a Docker engine answers, else the embedded broker and database; the "
                            + "default), always (containers, or fail) or never (the embedded broker and database).");
            }
        }

        String describe(String raw) {
            return MODE_ENV + "=" + name().toLowerCase(Locale.ROOT) + (raw == null || raw.isBlank() ? " (unset)" : "");
        }
    }

    public enum Kind {
        /** Kafka ({@value ContainerKafka#IMAGE}) and PostgreSQL ({@value ContainerPostgres#IMAGE}) in containers. */
        CONTAINERS,
        /** The broker inside the test JVM and PostgreSQL's binaries run by zonky. */
        EMBEDDED
    }

    public record Choice(Kind kind, String reason) {
    }

    private TestBackend() {
    }

    /**
     * The decision alone. {@code engine} is asked only when the mode needs to know (not for
     * {@code never}) and gets the mode, which decides how long the check may take.
     *
     * @throws IllegalArgumentException for a value that is not auto, always or never
     * @throws IllegalStateException for {@code always} when no engine answered
     */
    static Choice decide(String rawMode, Function<Mode, DockerEngine.Check> engine) {
        Mode mode = Mode.parse(rawMode);
        if (mode == Mode.NEVER) {
            return new Choice(Kind.EMBEDDED, mode.describe(rawMode));
        }
        DockerEngine.Check check = engine.apply(mode);
        if (check.answers()) {
            return new Choice(Kind.CONTAINERS, mode.describe(rawMode) + " and a Docker engine answered: "
                    + check.detail() + " (checked in " + check.millis() + " ms)");
        }
        if (mode == Mode.ALWAYS) {
            throw new IllegalStateException(mode.describe(rawMode) + " but no Docker engine answered: " + check.detail()
                    + " (checked in " + check.millis() + " ms). Start Docker or point DOCKER_HOST at an engine, or set "
                    + MODE_ENV + "=auto or never to use the embedded broker and database.");
        }
        return new Choice(Kind.EMBEDDED, mode.describe(rawMode) + " and no Docker engine answered: " + check.detail()
                + " (checked in " + check.millis() + " ms)");
    }

    /**
     * The choice for this JVM: made (and printed) on first use from {@value #MODE_ENV} and the
     * engine check, then answered from memory. A refusal (an invalid value, or {@code always}
     * without an engine) is remembered too, so every test fails the same way without checking again.
     */
    public static synchronized Choice chosen() {
        String remembered = System.getProperty(CHOSEN_PROPERTY);
        if (remembered != null) {
            String reason = System.getProperty(REASON_PROPERTY, "");
            if (REFUSED.equals(remembered)) {
                throw new IllegalStateException(reason);
            }
            return new Choice(Kind.valueOf(remembered), reason);
        }
        String raw = System.getenv(MODE_ENV);
        Choice choice;
        try {
            choice = decide(raw, mode -> mode == Mode.ALWAYS
                    ? DockerEngine.check(ALWAYS_CHECK_BOUND, false)
                    : DockerEngine.check(AUTO_CHECK_BOUND, true));
        } catch (RuntimeException e) {
            System.setProperty(REASON_PROPERTY, e.getMessage());
            System.setProperty(CHOSEN_PROPERTY, REFUSED);
            System.err.println("[troco-testing] cannot choose where Kafka and PostgreSQL run: " + e.getMessage());
            throw e;
        }
        System.setProperty(REASON_PROPERTY, choice.reason());
        System.setProperty(CHOSEN_PROPERTY, choice.kind().name());
        System.err.printf("[troco-testing] Kafka and PostgreSQL: %s, because %s%n", describe(choice.kind()), choice.reason());
        return choice;
    }

    static String describe(Kind kind) {
        return kind == Kind.CONTAINERS
                ? "containers (" + ContainerKafka.IMAGE + ", " + ContainerPostgres.IMAGE + ")"
                : "embedded (broker in the test JVM, PostgreSQL binaries)";
    }
}
