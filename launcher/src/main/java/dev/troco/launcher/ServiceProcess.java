package dev.troco.launcher;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One Quarkus service, run from its packaged {@code quarkus-run.jar} in a child JVM. */
final class ServiceProcess {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    // Small heap, serial GC and C1 only: five JVMs on two cores start faster this way, and a local platform used
    // for development never runs long or hot enough for C2 to pay off. TROCO_SERVICE_JVM_OPTIONS replaces them,
    // e.g. bench/run.py runs the services with C2 ("-Xmx256m -XX:+UseSerialGC") for sustained load.
    private static final List<String> JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    static List<String> jvmOptions(Map<String, String> launcherEnvironment) {
        String override = launcherEnvironment.get("TROCO_SERVICE_JVM_OPTIONS");
        return override == null || override.isBlank() ? JVM_OPTIONS : List.of(override.trim().split("\\s+"));
    }

    private final TrocoService service;
    private final ChildProcess process;
    private final int port;

    private ServiceProcess(TrocoService service, ChildProcess process, int port) {
        this.service = service;
        this.process = process;
        this.port = port;
    }

    static ServiceProcess start(TrocoService service, TrocoPaths paths, PostgresServer postgres,
                                String kafkaBootstrapServers, LocalSecrets secrets, PortPlan ports)
            throws LaunchException {
        String jar = paths.serviceJar(service).toString();
        List<String> jvm = new ArrayList<>(jvmOptions(System.getenv()));
        jvm.addAll(List.of("-jar", jar));
        Map<String, String> environment = new HashMap<>(environment(service, postgres, kafkaBootstrapServers));
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(ports.service(service)));
        environment.putAll(secrets.forVariables(service.secrets()));
        shiftedAddresses(service, ports).forEach((name, value) -> {
            if (!System.getenv().containsKey(name)) {
                environment.put(name, value);
            }
        });
        if (service == TrocoService.API_GATEWAY) {
            // The same local receivers the notification-service may call are accepted as callback and IPN URLs.
            environment.putIfAbsent("TROCO_GATEWAY_OUTBOUND_URLS_ALLOWED_PRIVATE_HOSTS", "localhost,127.0.0.1");
        }
        if (service == TrocoService.NOTIFICATION) {
            // On one machine the merchant's test receiver runs on this machine too: let webhooks reach loopback.
            // Production never sets this (private addresses stay refused).
            environment.putIfAbsent("TROCO_NOTIFICATION_ALLOWED_PRIVATE_HOSTS", "localhost,127.0.0.1");
            // E-mail goes to the launcher's local SMTP server (LocalMailServer), which saves it in .troco/mail/.
            environment.putIfAbsent("QUARKUS_MAILER_HOST", LocalMailServer.HOST);
            environment.putIfAbsent("QUARKUS_MAILER_PORT", Integer.toString(ports.smtp()));
        }
        // The module directory is the working directory, as for `java -jar target/quarkus-app/quarkus-run.jar`
        // run by hand: a .env or config/application.properties there applies the same way.
        ChildProcess process = ChildProcess.startJava(service.moduleName(), jvm, environment,
                paths.serviceDir(service), paths.log(service.moduleName()), paths.run(), jar);
        return new ServiceProcess(service, process, ports.service(service));
    }

    /**
     * With a port offset, the services' own defaults (each other's URLs, the ports no merchant URL may target, the
     * links they hand out) name the unshifted ports: these variables name the shifted ones. Empty without an
     * offset, so a default platform runs on exactly the services' own configuration.
     */
    static Map<String, String> shiftedAddresses(TrocoService service, PortPlan ports) {
        if (ports.offset() == 0) {
            return Map.of();
        }
        String gateway = ports.serviceUrl(TrocoService.API_GATEWAY);
        return switch (service) {
            case API_GATEWAY -> Map.of(
                    "QUARKUS_REST_CLIENT_CHARGE_SERVICE_URL", ports.serviceUrl(TrocoService.CHARGE),
                    "QUARKUS_REST_CLIENT_NOTIFICATION_SERVICE_URL", ports.serviceUrl(TrocoService.NOTIFICATION),
                    "TROCO_GATEWAY_OUTBOUND_URLS_FORBIDDEN_PORTS", ports.forbiddenPorts(),
                    "TROCO_GATEWAY_CHECKOUT_PUBLIC_BASE_URL",
                    "http://localhost:" + ports.service(TrocoService.API_GATEWAY));
            case NOTIFICATION -> Map.of(
                    "QUARKUS_REST_CLIENT_API_GATEWAY_URL", gateway,
                    "TROCO_NOTIFICATION_FORBIDDEN_PORTS", ports.forbiddenPorts(),
                    "TROCO_NOTIFICATION_EMAIL_CONFIRMATION_URL", gateway + "/email-recipients/confirm");
            default -> Map.of();
        };
    }

    /**
     * Everything a service needs to know about the platform comes in through standard Quarkus variables.
     * Environment variables outrank application.properties, its %prod. entries included (checked with
     * charge-service), so --kafka and --postgres reach the services.
     */
    static Map<String, String> environment(TrocoService service, PostgresServer postgres, String kafkaBootstrapServers) {
        return Map.of(
                "QUARKUS_PROFILE", "prod",
                "QUARKUS_HTTP_PORT", Integer.toString(service.port()),
                // Loopback only: nothing on the network reaches the services (or their internal APIs) of a
                // platform run on one machine.
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(service.database()),
                "QUARKUS_DATASOURCE_USERNAME", postgres.user(),
                "QUARKUS_DATASOURCE_PASSWORD", postgres.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers,
                // The prod profile logs JSON for log collectors; these logs are read by people, as is the tail
                // printed when a service fails to start.
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    }

    void awaitReady(ReadinessWaiter waiter, Duration timeout) throws LaunchException, InterruptedException {
        waiter.await(service.moduleName(), timeout, ReadinessWaiter.httpOk(readinessUri()), process);
    }

    private URI readinessUri() {
        return URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    }

    TrocoService service() {
        return service;
    }

    ChildProcess process() {
        return process;
    }

    void stop() {
        process.stop(STOP_GRACE);
    }
}
