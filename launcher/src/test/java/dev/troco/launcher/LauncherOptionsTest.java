package dev.troco.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    private static final Path CWD = Path.of("/work/elsewhere");

    private static LauncherOptions parse(String... args) {
        return LauncherOptions.parse(List.of(args), Map.of(), CWD);
    }

    @Test
    void defaultsStartEverythingLocally() {
        LauncherOptions options = parse();

        assertThat(options.externalKafka()).isEmpty();
        assertThat(options.externalPostgres()).isEmpty();
        assertThat(options.services()).containsExactly(TrocoService.values());
        assertThat(options.dataDir()).isEmpty();
        assertThat(options.parallelStarts()).isEqualTo(2);
        assertThat(options.serviceTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.ports()).isEqualTo(PortPlan.DEFAULT);
        assertThat(options.stopOnStdinEof()).isFalse();
    }

    @Test
    void aParentCanAskToStopThePlatformWhenItsPipeEnds() {
        assertThat(parse("--stop-on-stdin-eof").stopOnStdinEof()).isTrue();
        assertThatThrownBy(() -> parse("--stop-on-stdin-eof=yes")).hasMessageContaining("takes no value");
    }

    @Test
    void portOffsetShiftsEveryPortFromTheOptionOrTheEnvironment() {
        PortPlan ports = parse("--port-offset=1000").ports();

        assertThat(ports.service(TrocoService.API_GATEWAY)).isEqualTo(9080);
        assertThat(ports.service(TrocoService.NOTIFICATION)).isEqualTo(9084);
        assertThat(ports.kafkaBroker()).isEqualTo(20092);
        assertThat(ports.kafkaController()).isEqualTo(20093);
        assertThat(ports.postgres()).isEqualTo(16432);
        assertThat(ports.smtp()).isEqualTo(14025);
        assertThat(LauncherOptions.parse(List.of(), Map.of("TROCO_PORT_OFFSET", "300"), CWD).ports().offset())
                .isEqualTo(300);
        assertThat(LauncherOptions.parse(List.of("--port-offset=7"), Map.of("TROCO_PORT_OFFSET", "300"), CWD)
                .ports().offset()).isEqualTo(7);
        assertThatThrownBy(() -> parse("--port-offset=40001")).hasMessageContaining("from 0 to 40000");
        assertThatThrownBy(() -> parse("--port-offset=-1")).hasMessageContaining("from 0 to 40000");
    }

    @Test
    void gatewayStartsLast() {
        assertThat(parse().services()).last().isEqualTo(TrocoService.API_GATEWAY);
    }

    @Test
    void externalKafkaAndPostgres() {
        LauncherOptions options = parse("--kafka=broker:9092,[::1]:9093",
                "--postgres=jdbc:postgresql://db.local:5433", "--pg-user=troco", "--pg-password=s3cret");

        assertThat(options.externalKafka()).contains("broker:9092,[::1]:9093");
        PostgresServer postgres = options.externalPostgres().orElseThrow();
        assertThat(postgres.jdbcUrl("troco_charge")).isEqualTo("jdbc:postgresql://db.local:5433/troco_charge");
        assertThat(postgres.maintenanceDatabase()).isEqualTo("postgres");
        assertThat(postgres.user()).isEqualTo("troco");
        assertThat(postgres.password()).isEqualTo("s3cret");
        assertThat(postgres.toString()).doesNotContain("s3cret");
    }

    @Test
    void postgresUrlKeepsParametersAndUsesItsDatabaseForMaintenance() {
        PostgresServer postgres = parse("--postgres=jdbc:postgresql://db:5432/admin?sslmode=require")
                .externalPostgres().orElseThrow();

        assertThat(postgres.maintenanceDatabase()).isEqualTo("admin");
        assertThat(postgres.jdbcUrl("troco_payout")).isEqualTo("jdbc:postgresql://db:5432/troco_payout?sslmode=require");
        assertThat(postgres.user()).isEqualTo("postgres");
    }

    @Test
    void environmentVariablesApplyAndOptionsWin() {
        Map<String, String> env = Map.of(
                "TROCO_KAFKA", "env-broker:9092",
                "TROCO_POSTGRES_URL", "jdbc:postgresql://env-db:5432",
                "TROCO_PG_USER", "env-user",
                "TROCO_DATA_DIR", "/var/troco");

        LauncherOptions fromEnv = LauncherOptions.parse(List.of(), env, CWD);
        LauncherOptions overridden = LauncherOptions.parse(List.of("--kafka=cli-broker:9092"), env, CWD);

        assertThat(fromEnv.externalKafka()).contains("env-broker:9092");
        assertThat(fromEnv.externalPostgres().orElseThrow().hostAndPort()).isEqualTo("env-db:5432");
        assertThat(fromEnv.externalPostgres().orElseThrow().user()).isEqualTo("env-user");
        assertThat(fromEnv.dataDir()).contains(Path.of("/var/troco"));
        assertThat(overridden.externalKafka()).contains("cli-broker:9092");
    }

    @Test
    void onlySelectsServicesByModuleOrShortNameInStartOrder() {
        assertThat(parse("--only=api-gateway,charge").services())
                .containsExactly(TrocoService.CHARGE, TrocoService.API_GATEWAY);
    }

    @Test
    void emptyOnlyAndInfraOnlyStartNoService() {
        assertThat(parse("--only=").services()).isEmpty();
        assertThat(parse("--infra-only").services()).isEmpty();
    }

    @Test
    void relativeDataDirIsResolvedAgainstTheWorkingDirectory() {
        assertThat(parse("--data-dir=tmp/../troco-data").dataDir()).contains(Path.of("/work/elsewhere/troco-data"));
    }

    @Test
    void parallelAndTimeout() {
        LauncherOptions options = parse("--parallel=1", "--service-timeout=120");

        assertThat(options.parallelStarts()).isEqualTo(1);
        assertThat(options.serviceTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> parse("--kafak=x:1")).hasMessageContaining("Unknown option: --kafak=x:1");
        assertThatThrownBy(() -> parse("--kafka=localhost")).hasMessageContaining("expected HOST:PORT");
        assertThatThrownBy(() -> parse("--kafka")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("--postgres=postgres://db:5432")).hasMessageContaining("Not a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> parse("--only=charge,billing")).hasMessageContaining("billing")
                .hasMessageContaining("charge-service");
        assertThatThrownBy(() -> parse("--parallel=9")).hasMessageContaining("from 1 to 5");
    }

    @Test
    void databaseCredentialsNeedAnExternalServer() {
        assertThatThrownBy(() -> parse("--pg-user=troco")).hasMessageContaining("only apply with --postgres");
    }
}
