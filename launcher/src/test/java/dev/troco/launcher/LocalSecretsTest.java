package dev.troco.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {

    @TempDir
    Path dir;

    @Test
    void generatedOnceAndKeptAcrossStarts() throws Exception {
        Path file = dir.resolve("secrets.properties");
        List<String> names = TrocoService.API_GATEWAY.secrets();

        Map<String, String> first = new LocalSecrets(file, Map.of()).forVariables(names);
        Map<String, String> second = new LocalSecrets(file, Map.of()).forVariables(names);

        assertThat(first).containsOnlyKeys("TROCO_INTERNAL_SERVICE_TOKEN", "TROCO_GATEWAY_ENCRYPTION_KEY",
                "TROCO_GATEWAY_HASH_PEPPER", "TROCO_GATEWAY_ADMIN_TOKEN_SHA256");
        assertThat(Base64.getDecoder().decode(first.get("TROCO_GATEWAY_ENCRYPTION_KEY"))).hasSize(32);
        assertThat(first.get("TROCO_GATEWAY_ENCRYPTION_KEY")).isNotEqualTo(first.get("TROCO_GATEWAY_HASH_PEPPER"));
        assertThat(second).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // the gateway gets only the hash; the token itself stays in the private file for the operator
        java.util.Properties saved = new java.util.Properties();
        try (var reader = Files.newBufferedReader(file)) {
            saved.load(reader);
        }
        String token = saved.getProperty("TROCO_ADMIN_TOKEN");
        assertThat(first.get("TROCO_GATEWAY_ADMIN_TOKEN_SHA256")).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void aVariableFromTheEnvironmentIsLeftToTheEnvironment() throws Exception {
        Map<String, String> secrets = new LocalSecrets(dir.resolve("s.properties"),
                Map.of("TROCO_GATEWAY_HASH_PEPPER", "mine")).forVariables(TrocoService.API_GATEWAY.secrets());

        assertThat(secrets).containsOnlyKeys("TROCO_INTERNAL_SERVICE_TOKEN", "TROCO_GATEWAY_ENCRYPTION_KEY",
                "TROCO_GATEWAY_ADMIN_TOKEN_SHA256");
    }

    @Test
    void theFileIsReadByAShellAndByJavaAlike() throws Exception {
        Path file = dir.resolve("secrets.properties");
        Map<String, String> generated = new LocalSecrets(file, Map.of()).forVariables(TrocoService.API_GATEWAY.secrets());
        String text = Files.readString(file);
        assertThat(text).doesNotContain("\\");
        java.util.Properties saved = new java.util.Properties();
        try (var reader = Files.newBufferedReader(file)) {
            saved.load(reader);
        }
        String token = saved.getProperty("TROCO_ADMIN_TOKEN");
        Process shell = new ProcessBuilder("sh", "-c", ". \"$0\" && printf %s \"$TROCO_ADMIN_TOKEN|$TROCO_GATEWAY_ENCRYPTION_KEY\"",
                file.toString()).redirectErrorStream(true).start();
        String printed = new String(shell.getInputStream().readAllBytes());
        assertThat(shell.waitFor()).isZero();
        assertThat(printed).isEqualTo(token + "|" + generated.get("TROCO_GATEWAY_ENCRYPTION_KEY"));
    }

    @Test
    void aFileAnOlderLauncherWroteWithEscapesIsRewrittenReadableAndKeepsItsValues() throws Exception {
        Path file = dir.resolve("secrets.properties");
        java.util.Properties old = new java.util.Properties();
        old.setProperty("TROCO_GATEWAY_ENCRYPTION_KEY", "q83vEi/8TIu5g1uJ3I1jCq1kl7U2QGnJzGPQ1pQy9Bk=");
        try (var writer = Files.newBufferedWriter(file)) {
            old.store(writer, "old");
        }
        assertThat(Files.readString(file)).contains("\\=");
        Map<String, String> secrets = new LocalSecrets(file, Map.of()).forVariables(
                List.of("TROCO_GATEWAY_ENCRYPTION_KEY"));
        assertThat(secrets.get("TROCO_GATEWAY_ENCRYPTION_KEY")).isEqualTo("q83vEi/8TIu5g1uJ3I1jCq1kl7U2QGnJzGPQ1pQy9Bk=");
        assertThat(Files.readString(file)).doesNotContain("\\")
                .contains("TROCO_GATEWAY_ENCRYPTION_KEY=q83vEi/8TIu5g1uJ3I1jCq1kl7U2QGnJzGPQ1pQy9Bk=");
    }
}
