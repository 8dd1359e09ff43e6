package dev.troco.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMailServerTest {

    @TempDir
    Path data;

    @Test
    void everyMailReceivedIsSavedOnceAsAnEmlFile() throws Exception {
        int port = freePort();
        Path mail = data.resolve("mail");
        try (LocalMailServer server = LocalMailServer.start(mail, port)) {
            ServerSetup setup = new ServerSetup(port, LocalMailServer.HOST, ServerSetup.PROTOCOL_SMTP);
            GreenMailUtil.sendTextEmail("finance@loja.example", "notifications@troco.local",
                    "[Troco sandbox] Charge received: SMOKE-1", "BRL 86.52 - Paid", setup);
            GreenMailUtil.sendTextEmail("ops@loja.example", "notifications@troco.local", "Second", "two", setup);
            server.saveNew();
            server.saveNew();
        }

        List<Path> files = list(mail);
        assertThat(files).hasSize(2);
        assertThat(files).anyMatch(f -> f.getFileName().toString().endsWith("-finance@loja.example.eml"));
        String first = Files.readString(files.stream()
                .filter(f -> f.getFileName().toString().contains("finance")).findFirst().orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(first).contains("Subject: [Troco sandbox] Charge received: SMOKE-1", "BRL 86.52 - Paid");
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
