package dev.troco.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The five Troco services with their fixed local ports and databases, in the order the launcher starts them. */
enum TrocoService {
    // Every service requires the service credential of internal APIs in prod (kit ProductionSecrets).
    CHARGE("charge-service", 8081, "troco_charge", LocalSecrets.SERVICE_TOKEN),
    PAYOUT("payout-service", 8082, "troco_payout", LocalSecrets.SERVICE_TOKEN),
    COMPLIANCE("compliance-service", 8083, "troco_compliance", LocalSecrets.SERVICE_TOKEN),
    // In prod it requires troco.notification.encryption-key, which encrypts webhook secrets at rest.
    NOTIFICATION("notification-service", 8084, "troco_notification", LocalSecrets.SERVICE_TOKEN,
            "TROCO_NOTIFICATION_ENCRYPTION_KEY"),
    // The gateway is the front door: it comes up last, once the services behind it answer.
    // In prod it requires troco.gateway.encryption-key and troco.gateway.hash-pepper (see LocalSecrets).
    API_GATEWAY("api-gateway", 8080, "troco_gateway", LocalSecrets.SERVICE_TOKEN, "TROCO_GATEWAY_ENCRYPTION_KEY",
            "TROCO_GATEWAY_HASH_PEPPER", LocalSecrets.ADMIN_TOKEN_SHA256);

    private final String moduleName;
    private final int port;
    private final String database;
    private final List<String> secrets;

    TrocoService(String moduleName, int port, String database, String... secrets) {
        this.moduleName = moduleName;
        this.port = port;
        this.database = database;
        this.secrets = List.of(secrets);
    }

    /** The Maven module directory and the name shown to people. */
    String moduleName() {
        return moduleName;
    }

    int port() {
        return port;
    }

    String database() {
        return database;
    }

    /** Environment variables holding secrets the service needs and the launcher generates for local use. */
    List<String> secrets() {
        return secrets;
    }

    /** Accepts the module name ("charge-service") or the short form ("charge"). */
    static Optional<TrocoService> byName(String name) {
        String wanted = name.trim();
        return Arrays.stream(values())
                .filter(s -> s.moduleName.equals(wanted) || s.moduleName.equals(wanted + "-service"))
                .findFirst();
    }

    static List<TrocoService> all() {
        return List.of(values());
    }

    static String names() {
        return Arrays.stream(values()).map(TrocoService::moduleName).collect(Collectors.joining(", "));
    }
}
