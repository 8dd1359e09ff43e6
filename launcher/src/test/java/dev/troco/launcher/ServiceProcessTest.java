package dev.troco.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void servicesLearnThePlatformFromQuarkusEnvironmentVariables() {
        Map<String, String> env = ServiceProcess.environment(TrocoService.CHARGE, PostgresServer.embedded(15432),
                "127.0.0.1:19092");

        assertThat(env).containsOnly(
                Map.entry("QUARKUS_PROFILE", "prod"),
                Map.entry("QUARKUS_HTTP_PORT", "8081"),
                Map.entry("QUARKUS_HTTP_HOST", "127.0.0.1"),
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/troco_charge"),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", "postgres"),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", "postgres"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
                Map.entry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"));
    }

    @Test
    void withoutAnOffsetServicesKeepTheirOwnAddressDefaults() {
        for (TrocoService service : TrocoService.values()) {
            assertThat(ServiceProcess.shiftedAddresses(service, PortPlan.DEFAULT)).isEmpty();
        }
    }

    @Test
    void withAnOffsetServicesFindEachOtherAndRefuseMerchantUrlsOnTheShiftedPorts() {
        PortPlan ports = new PortPlan(10000);

        assertThat(ServiceProcess.shiftedAddresses(TrocoService.API_GATEWAY, ports)).containsOnly(
                Map.entry("QUARKUS_REST_CLIENT_CHARGE_SERVICE_URL", "http://127.0.0.1:18081"),
                Map.entry("QUARKUS_REST_CLIENT_NOTIFICATION_SERVICE_URL", "http://127.0.0.1:18084"),
                Map.entry("TROCO_GATEWAY_OUTBOUND_URLS_FORBIDDEN_PORTS",
                        "18080,18081,18082,18083,18084,19080,23025,25432,29092,29093"),
                Map.entry("TROCO_GATEWAY_CHECKOUT_PUBLIC_BASE_URL", "http://localhost:18080"));
        assertThat(ServiceProcess.shiftedAddresses(TrocoService.NOTIFICATION, ports)).containsOnly(
                Map.entry("QUARKUS_REST_CLIENT_API_GATEWAY_URL", "http://127.0.0.1:18080"),
                Map.entry("TROCO_NOTIFICATION_FORBIDDEN_PORTS",
                        "18080,18081,18082,18083,18084,19080,23025,25432,29092,29093"),
                Map.entry("TROCO_NOTIFICATION_EMAIL_CONFIRMATION_URL", "http://127.0.0.1:18080/email-recipients/confirm"));
        assertThat(ServiceProcess.shiftedAddresses(TrocoService.CHARGE, ports)).isEmpty();
    }

    @Test
    void everyServiceGetsTheServiceCredentialOfInternalApis() {
        for (TrocoService service : TrocoService.values()) {
            assertThat(service.secrets()).contains(LocalSecrets.SERVICE_TOKEN);
        }
    }

    @Test
    void jvmOptionsAreTheQuickStartingOnesUnlessTheEnvironmentReplacesThem() {
        assertThat(ServiceProcess.jvmOptions(Map.of()))
                .containsExactly("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(ServiceProcess.jvmOptions(Map.of("TROCO_SERVICE_JVM_OPTIONS", "  ")))
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(ServiceProcess.jvmOptions(Map.of("TROCO_SERVICE_JVM_OPTIONS", " -Xmx384m  -XX:+UseSerialGC ")))
                .containsExactly("-Xmx384m", "-XX:+UseSerialGC");
    }
}
