package dev.troco.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The table printed once everything is ready: where each service answers, and how to reach the infrastructure. */
final class Summary {

    private Summary() {
    }

    static List<String> lines(List<TrocoService> services, String kafka, boolean embeddedKafka,
                              PostgresServer postgres, boolean embeddedPostgres, TrocoPaths paths, PortPlan ports,
                              Duration toReady) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(String.format("Troco is up in %.1f s. Ctrl-C stops everything.", toReady.toMillis() / 1000.0));
        lines.add("");
        if (!services.isEmpty()) {
            TextTable table = new TextTable().row("SERVICE", "URL", "HEALTH", "SWAGGER UI", "METRICS");
            for (TrocoService service : services) {
                String url = "http://localhost:" + ports.service(service);
                table.row(service.moduleName(), url, url + "/q/health/ready", url + "/q/swagger-ui", url + "/q/metrics");
            }
            table.render().forEach(line -> lines.add("  " + line));
            lines.add("");
        }
        TextTable infrastructure = new TextTable()
                .row("Kafka bootstrap", kafka + (embeddedKafka ? "   (data " + paths.show(paths.kafkaData()) + ")" : ""))
                .row("PostgreSQL", postgres.jdbcUrl("troco_<service>") + "   user " + postgres.user()
                        + (embeddedPostgres ? ", any password   (data " + paths.show(paths.postgresData()) + ")" : ""))
                .row("Logs", paths.show(paths.logs()) + "/");
        if (services.contains(TrocoService.API_GATEWAY) && System.getenv(LocalSecrets.ADMIN_TOKEN) == null) {
            String file = paths.show(paths.secrets());
            infrastructure.row("Admin token", "TROCO_ADMIN_TOKEN in " + file + "   (. " + file
                    + " && curl -H \"Authorization: Bearer $TROCO_ADMIN_TOKEN\" http://localhost:" + ports.service(TrocoService.API_GATEWAY) + "/admin/v1/...)");
        }
        if (services.contains(TrocoService.NOTIFICATION)) {
            infrastructure.row("Mail (SMTP)", "smtp://" + LocalMailServer.HOST + ":" + ports.smtp()
                    + "   every mail saved in " + paths.show(paths.mail()) + "/");
        }
        infrastructure.render().forEach(line -> lines.add("  " + line));
        return lines;
    }
}
