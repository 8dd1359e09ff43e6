package dev.troco.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What `troco up` was asked to do. Command-line options win over the TROCO_* environment variables, which
 * win over the defaults. Invalid input ends in an {@link IllegalArgumentException} whose message is meant for
 * the person who typed it.
 *
 * @param externalKafka    bootstrap servers of a broker to use instead of starting one
 * @param externalPostgres a server to use instead of the embedded PostgreSQL
 * @param services         the services to start, in start order (empty: only Kafka and PostgreSQL)
 * @param dataDir          where data, logs and generated config go; empty means {@code <checkout>/.troco}
 * @param parallelStarts   how many services start at the same time
 * @param serviceTimeout   how long one service may take to become ready
 * @param ports            every port the platform listens on (shifted by --port-offset)
 * @param stopOnStdinEof   stop everything once standard input ends: a program that runs the launcher as its child
 *                         (a test) gets its platform stopped even if it dies without stopping it
 */
record LauncherOptions(
        Optional<String> externalKafka,
        Optional<PostgresServer> externalPostgres,
        List<TrocoService> services,
        Optional<Path> dataDir,
        int parallelStarts,
        Duration serviceTimeout,
        PortPlan ports,
        boolean stopOnStdinEof) {

    static final int DEFAULT_PARALLEL_STARTS = 2;
    static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofSeconds(90);

    // host:port, a bracketed IPv6 address allowed, several separated by commas.
    private static final Pattern BOOTSTRAP_SERVERS =
            Pattern.compile("(?:\\[[0-9a-fA-F:.]+]|[^\\s,:\\[\\]]+):\\d{1,5}(?:,(?:\\[[0-9a-fA-F:.]+]|[^\\s,:\\[\\]]+):\\d{1,5})*");

    static final String USAGE = """
            Usage: troco up [options]      start Kafka, PostgreSQL and the services; Ctrl-C stops them all
                   troco help              show this help

            Options (environment variables in brackets; options win):
              --build                   rebuild everything with Maven first (handled by the troco script)
              --kafka=HOST:PORT[,...]   use this Kafka instead of starting one             [TROCO_KAFKA]
              --postgres=JDBC_URL       use this PostgreSQL, e.g. jdbc:postgresql://db:5432 [TROCO_POSTGRES_URL]
              --pg-user=NAME            user for --postgres (default postgres)             [TROCO_PG_USER]
              --pg-password=SECRET      password for --postgres (default postgres)         [TROCO_PG_PASSWORD]
              --only=SVC[,SVC...]       start only these services (charge-service or charge, ...);
                                        --only= with nothing starts no service
              --infra-only              start only Kafka and PostgreSQL (same as --only=)
              --data-dir=DIR            data, logs and config (default <checkout>/.troco)  [TROCO_DATA_DIR]
              --parallel=N              services started at the same time, 1-5 (default 2)
              --service-timeout=SECONDS how long each service may take to be ready (default 90)
              --port-offset=N           add N (0-%d) to every port, to run a second platform beside
                                        the first (with its own --data-dir)                 [TROCO_PORT_OFFSET]
              --stop-on-stdin-eof       stop everything when standard input ends (for programs that run
                                        the launcher as a child, such as tests)

            Services: %s
            """.formatted(PortPlan.OFFSET_MAX, TrocoService.names());

    /**
     * @param args       the arguments after "up"
     * @param env        the environment (System.getenv() in production)
     * @param workingDir what a relative --data-dir is resolved against
     */
    static LauncherOptions parse(List<String> args, Map<String, String> env, Path workingDir) {
        Optional<String> kafka = nonBlank(env.get("TROCO_KAFKA"));
        Optional<String> postgresUrl = nonBlank(env.get("TROCO_POSTGRES_URL"));
        Optional<String> pgUser = nonBlank(env.get("TROCO_PG_USER"));
        Optional<String> pgPassword = Optional.ofNullable(env.get("TROCO_PG_PASSWORD"));
        Optional<String> dataDir = nonBlank(env.get("TROCO_DATA_DIR"));
        Optional<String> portOffset = nonBlank(env.get("TROCO_PORT_OFFSET"));
        List<TrocoService> services = TrocoService.all();
        int parallel = DEFAULT_PARALLEL_STARTS;
        Duration timeout = DEFAULT_SERVICE_TIMEOUT;
        boolean stopOnStdinEof = false;

        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--kafka" -> kafka = Optional.of(required(name, value, "HOST:PORT"));
                case "--postgres" -> postgresUrl = Optional.of(required(name, value, "jdbc:postgresql://HOST:PORT"));
                case "--pg-user" -> pgUser = Optional.of(required(name, value, "NAME"));
                case "--pg-password" -> pgPassword = Optional.of(requireValue(name, value, "SECRET"));
                case "--only" -> services = parseServices(requireValue(name, value, "SERVICE[,SERVICE...]"));
                case "--infra-only" -> services = List.of();
                case "--data-dir" -> dataDir = Optional.of(required(name, value, "DIR"));
                case "--parallel" -> parallel = parseInt(name, required(name, value, "N"), 1, TrocoService.values().length);
                case "--service-timeout" ->
                        timeout = Duration.ofSeconds(parseInt(name, required(name, value, "SECONDS"), 5, 3600));
                case "--port-offset" -> portOffset = Optional.of(required(name, value, "N"));
                case "--stop-on-stdin-eof" -> stopOnStdinEof = noValue(name, value);
                default -> throw new IllegalArgumentException("Unknown option: " + arg);
            }
        }

        kafka.filter(k -> !BOOTSTRAP_SERVERS.matcher(k).matches()).ifPresent(k -> {
            throw new IllegalArgumentException("Not a Kafka bootstrap address: '" + k + "' (expected HOST:PORT)");
        });
        if (postgresUrl.isEmpty() && (pgUser.isPresent() || pgPassword.isPresent())) {
            // The embedded server has a fixed superuser; silently ignoring these would only confuse.
            throw new IllegalArgumentException("--pg-user and --pg-password (TROCO_PG_USER, TROCO_PG_PASSWORD) "
                    + "only apply with --postgres (TROCO_POSTGRES_URL)");
        }
        String user = pgUser.orElse("postgres");
        String password = pgPassword.orElse("postgres");
        Optional<PostgresServer> postgres = postgresUrl.map(url -> PostgresServer.parse(url, user, password));
        Optional<Path> dataPath = dataDir.map(d -> workingDir.resolve(d).toAbsolutePath().normalize());
        int offset = portOffset.isEmpty() ? 0 : parseInt("--port-offset", portOffset.get(), 0, PortPlan.OFFSET_MAX);
        return new LauncherOptions(kafka, postgres, services, dataPath, parallel, timeout, new PortPlan(offset),
                stopOnStdinEof);
    }

    private static List<TrocoService> parseServices(String list) {
        Set<TrocoService> wanted = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : list.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            TrocoService.byName(name).ifPresentOrElse(wanted::add, () -> unknown.add(name.trim()));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown service(s) in --only: " + String.join(", ", unknown)
                    + " (known: " + TrocoService.names() + ")");
        }
        // Start order stays the platform's, whatever order they were listed in.
        return TrocoService.all().stream().filter(wanted::contains).toList();
    }

    private static String required(String option, String value, String placeholder) {
        String v = requireValue(option, value, placeholder);
        if (v.isBlank()) {
            throw new IllegalArgumentException("Option " + option + " needs a value: " + option + "=" + placeholder);
        }
        return v.trim();
    }

    private static String requireValue(String option, String value, String placeholder) {
        if (value == null) {
            throw new IllegalArgumentException("Option " + option + " needs a value: " + option + "=" + placeholder);
        }
        return value;
    }

    private static boolean noValue(String option, String value) {
        if (value != null) {
            throw new IllegalArgumentException("Option " + option + " takes no value");
        }
        return true;
    }

    private static int parseInt(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Option " + option + " needs a number from " + min + " to " + max
                + ", not '" + value + "'");
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
