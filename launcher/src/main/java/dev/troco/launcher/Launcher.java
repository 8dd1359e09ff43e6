package dev.troco.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code troco up}: Kafka and PostgreSQL (embedded or external), the services' databases, then the services one
 * or two at a time, each waited for until ready; then it waits for Ctrl-C and stops everything in order.
 */
public final class Launcher {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXTERNAL_KAFKA_TIMEOUT = Duration.ofSeconds(20);
    /** Both services and Kafka are polled this often: frequent enough that the times printed are not rounded up. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    /** Held in a static field so that it lives as long as the JVM. */
    private static LauncherLock lock;

    private final LauncherOptions options;
    private final TrocoPaths paths;
    private final Console console;
    private final Platform platform;
    private final ReadinessWaiter waiter = new ReadinessWaiter(POLL_INTERVAL);

    private Launcher(LauncherOptions options, TrocoPaths paths, Console console, Platform platform) {
        this.options = options;
        this.paths = paths;
        this.console = console;
        this.platform = platform;
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        int exitCode = switch (command) {
            case "up" -> up(arguments.subList(1, arguments.size()));
            case "help", "--help", "-h" -> {
                System.out.print(LauncherOptions.USAGE);
                yield 0;
            }
            default -> {
                System.err.println("troco: unknown command '" + command + "'");
                System.err.print(LauncherOptions.USAGE);
                yield 2;
            }
        };
        System.exit(exitCode);
    }

    private static int up(List<String> args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv(), Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println("troco: " + e.getMessage());
            System.err.println("Run ./troco help for the options.");
            return 2;
        }
        Console console = Console.system();
        Platform platform = new Platform(console);
        try {
            new Launcher(options, TrocoPaths.locate(options), console, platform).run();
            return 0;
        } catch (LaunchException e) {
            if (platform.isStopping()) {
                return 130; // Ctrl-C while starting: the shutdown hook stops and reports
            }
            console.line("");
            console.line("troco: " + e.getMessage());
            e.details().forEach(console::line);
            platform.stop();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            platform.stop();
            return 130;
        } catch (RuntimeException e) {
            // A bug rather than a situation: show everything, but still leave nothing running.
            console.line("troco: unexpected error");
            e.printStackTrace(System.out);
            platform.stop();
            return 1;
        }
    }

    private void run() throws LaunchException, InterruptedException {
        prepareDataDirectory();
        lock = LauncherLock.acquire(paths.dataDir());
        Leftovers.stopAll(paths, console);
        requireServiceJars();
        Ports.requireFree(portClaims());
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "troco-stop"));
        if (options.stopOnStdinEof()) {
            stopWhenStdinEnds();
        }

        console.line("Troco: data in " + paths.show(paths.dataDir()) + ", logs in " + paths.show(paths.logs()));

        String bootstrapServers;
        PostgresServer postgres;
        try (Progress progress = new Progress(console)) {
            // The broker JVM takes a few seconds to come up: PostgreSQL starts in the meantime.
            KafkaProcess kafka = startKafka(progress);
            postgres = startPostgres(progress);
            createDatabases(postgres);
            startMail();
            bootstrapServers = awaitKafka(kafka, progress);

            LocalSecrets secrets = new LocalSecrets(paths.secrets(), System.getenv());
            new ServiceStarter(platform, console, progress, waiter, options.parallelStarts(), options.serviceTimeout(),
                    secrets, ports()).startAll(options.services(), paths, postgres, bootstrapServers);
        }

        Summary.lines(options.services(), bootstrapServers, options.externalKafka().isEmpty(), postgres,
                        options.externalPostgres().isEmpty(), paths, ports(), sinceLauncherStart())
                .forEach(console::line);
        platform.reportUnexpectedExits();
        platform.awaitStopped();
    }

    /**
     * The parent holds our standard input open while it lives; its end (the parent stopped or died, even by
     * SIGKILL) ends the launcher the way Ctrl-C does, through the shutdown hook, so no child outlives them both.
     */
    private static void stopWhenStdinEnds() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // whatever the parent writes means nothing; only the end counts
                }
            } catch (java.io.IOException e) {
                // a broken pipe is an end too
            }
            System.exit(130);
        }, "troco-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void prepareDataDirectory() throws LaunchException {
        try {
            paths.createDirectories();
        } catch (IOException e) {
            throw new LaunchException("Could not create " + paths.dataDir() + ": " + e.getMessage(), e);
        }
        // The launcher's own log4j2.xml writes to this directory (AdminClient and zonky log there, not here).
        System.setProperty("troco.logDir", paths.logs().toString());
    }

    private void requireServiceJars() throws LaunchException {
        List<String> missing = new ArrayList<>();
        for (TrocoService service : options.services()) {
            if (!Files.isRegularFile(paths.serviceJar(service))) {
                missing.add("  " + paths.show(paths.serviceJar(service)));
            }
        }
        if (!missing.isEmpty()) {
            missing.add("Build first: ./troco up --build (runs ./mvnw -B -q install -DskipTests), "
                    + "or start fewer with --only=...");
            throw new LaunchException("Not built yet:", missing);
        }
    }

    private List<Ports.Claim> portClaims() {
        List<Ports.Claim> claims = new ArrayList<>();
        if (options.externalKafka().isEmpty()) {
            claims.add(new Ports.Claim("127.0.0.1", ports().kafkaBroker(), "Kafka broker",
                    "or use a running broker with --kafka=HOST:PORT"));
            claims.add(new Ports.Claim("127.0.0.1", ports().kafkaController(), "Kafka controller"));
        }
        if (options.externalPostgres().isEmpty()) {
            claims.add(new Ports.Claim("127.0.0.1", ports().postgres(), "PostgreSQL",
                    "or use a running server with --postgres=jdbc:postgresql://HOST:PORT"));
        }
        if (options.services().contains(TrocoService.NOTIFICATION)) {
            claims.add(new Ports.Claim(LocalMailServer.HOST, ports().smtp(), "local SMTP server"));
        }
        for (TrocoService service : options.services()) {
            // Quarkus listens on all interfaces by default.
            claims.add(new Ports.Claim("0.0.0.0", ports().service(service), service.moduleName()));
        }
        return claims;
    }

    private PortPlan ports() {
        return options.ports();
    }

    private KafkaProcess startKafka(Progress progress) throws LaunchException, InterruptedException {
        if (options.externalKafka().isPresent()) {
            return null;
        }
        progress.begin("Kafka");
        return platform.startKafka(() -> KafkaProcess.start(paths, ports()));
    }

    private PostgresServer startPostgres(Progress progress) throws LaunchException, InterruptedException {
        if (options.externalPostgres().isPresent()) {
            PostgresServer external = options.externalPostgres().get();
            console.line(String.format("  %-21s external, %s", "PostgreSQL", external.jdbcUrl(external.maintenanceDatabase())));
            return external;
        }
        progress.begin("PostgreSQL");
        EmbeddedDatabase database = platform.startDatabase(() -> EmbeddedDatabase.start(paths, ports().postgres()));
        console.line(String.format("  %-21s ready in %4.1f s   %s", "PostgreSQL", progress.end("PostgreSQL"),
                database.server().jdbcUrl("postgres")));
        return database.server();
    }

    /** The notification-service's e-mail goes to a local SMTP server that saves each mail in .troco/mail/. */
    private void startMail() throws LaunchException, InterruptedException {
        if (!options.services().contains(TrocoService.NOTIFICATION)) {
            return;
        }
        LocalMailServer mail = platform.startMail(() -> LocalMailServer.start(paths.mail(), ports().smtp()));
        console.line(String.format("  %-21s ready          smtp://%s:%d, mail saved in %s/", "SMTP (local)",
                LocalMailServer.HOST, ports().smtp(), paths.show(mail.directory())));
    }

    private void createDatabases(PostgresServer postgres) throws LaunchException {
        // All five, whatever --only says: services started by hand next to a partial platform need theirs too.
        List<String> created = DatabaseCreator.createMissing(postgres,
                TrocoService.all().stream().map(TrocoService::database).toList());
        if (!created.isEmpty()) {
            console.line(String.format("  %-21s created %s", "databases", String.join(", ", created)));
        }
    }

    private String awaitKafka(KafkaProcess kafka, Progress progress) throws LaunchException, InterruptedException {
        if (kafka == null) {
            String external = options.externalKafka().orElseThrow();
            try (KafkaClusterProbe probe = new KafkaClusterProbe(external)) {
                waiter.await("Kafka at " + external, EXTERNAL_KAFKA_TIMEOUT, probe, null);
            }
            console.line(String.format("  %-21s external, %s", "Kafka", external));
            return external;
        }
        kafka.awaitReady(waiter, KAFKA_TIMEOUT);
        console.line(String.format("  %-21s ready in %4.1f s   %s", "Kafka", progress.end("Kafka"),
                kafka.bootstrapServers()));
        return kafka.bootstrapServers();
    }

    /** From the launcher JVM's start, so the total includes everything the person waited for after the build. */
    private static Duration sinceLauncherStart() {
        Instant start = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        return Duration.between(start, Instant.now());
    }
}
