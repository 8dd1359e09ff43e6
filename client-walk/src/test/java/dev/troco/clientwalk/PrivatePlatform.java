package dev.troco.clientwalk;

import static org.awaitility.Awaitility.await;

import dev.troco.client.ApiClient;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Troco platform of this test's own: the launcher jar (as {@code ./troco up} runs it) in a child process, with
 * its data under target/, every port shifted by an offset found free (so a developer's {@code ./troco up} on the
 * fixed ports is neither disturbed nor used), and {@code --stop-on-stdin-eof}: closing the pipe stops it, and so
 * does this JVM's death, however it dies.
 */
final class PrivatePlatform implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final int GATEWAY_PORT = 8080;
    /** The launcher's fixed ports (services 8080-8084, SMTP, PostgreSQL, Kafka broker and controller). */
    private static final int[] FIXED_PORTS = {8080, 8081, 8082, 8083, 8084, 13025, 15432, 19092, 19093};
    /** What the launcher prints once every service answers ready. */
    private static final String UP = "Troco is up";
    private static final String SERVICES = "charge-service,notification-service,api-gateway";

    private final Process launcher;
    private final Path output;
    private final int offset;
    private final String adminToken;
    private final Path mailDir;

    private PrivatePlatform(Process launcher, Path output, int offset, String adminToken, Path mailDir) {
        this.launcher = launcher;
        this.output = output;
        this.offset = offset;
        this.adminToken = adminToken;
        this.mailDir = mailDir;
    }

    /**
     * @param home    the checkout, where the launcher and the service jars were built
     * @param dataDir where the platform keeps its data and logs (reused across runs, like .troco)
     */
    static PrivatePlatform start(Path home, String version, Path dataDir) throws IOException, InterruptedException {
        Path jar = home.resolve("launcher/target/troco-launcher-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No launcher jar at " + jar + ": build the launcher first");
        }
        Files.createDirectories(dataDir);
        int offset = freeOffset();
        Path output = dataDir.resolve("launcher.out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dtroco.home=" + home,
                "-jar", jar.toString(), "up",
                "--data-dir=" + dataDir, "--port-offset=" + offset, "--only=" + SERVICES, "--stop-on-stdin-eof");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // The platform is the launcher's defaults and nothing else: no external broker or database, no secrets or
        // profile this JVM happens to have in its environment.
        builder.environment().keySet().removeIf(name -> name.startsWith("TROCO_") || name.startsWith("QUARKUS_"));
        Process process = builder.start();
        try {
            awaitUp(process, output);
            return new PrivatePlatform(process, output, offset, adminToken(dataDir.resolve("secrets.properties")),
                    dataDir.resolve("mail"));
        } catch (IOException | RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    /** An offset at which every port the launcher will listen on is free, tried in random order. */
    private static int freeOffset() {
        List<Integer> offsets = new ArrayList<>();
        for (int offset = 21000; offset <= 40000; offset += 500) {
            offsets.add(offset);
        }
        Collections.shuffle(offsets);
        for (int offset : offsets) {
            boolean free = true;
            for (int port : FIXED_PORTS) {
                free &= isFree(port + offset);
            }
            if (free) {
                return offset;
            }
        }
        throw new IllegalStateException("No port offset from 21000 to 40000 has all of its ports free");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Until the launcher says the platform is up; it exits, printing why, if anything fails to start. */
    private static void awaitUp(Process process, Path output) throws IOException {
        try {
            await("the private platform").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> !process.isAlive() || Files.readString(output, StandardCharsets.UTF_8).contains(UP));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The platform was not up within " + START_TIMEOUT.toSeconds() + " s:\n"
                    + Files.readString(output, StandardCharsets.UTF_8), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("The launcher exited with " + process.exitValue()
                    + " before the platform was up:\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
    }

    private static String adminToken(Path secrets) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(secrets, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String token = properties.getProperty("TROCO_ADMIN_TOKEN");
        if (token == null) {
            throw new IllegalStateException("No TROCO_ADMIN_TOKEN in " + secrets);
        }
        return token;
    }

    String adminToken() {
        return adminToken;
    }

    /**
     * The text of the mail the platform sent {@code email} (the launcher's mail server saves each as an {@code .eml}
     * file named after its recipient), once it is there. Troco's text parts are 7-bit or quoted-printable, never
     * base64: joining the soft line breaks is all the decoding a test needs.
     */
    String mailTo(String email) {
        String suffix = "-" + email + ".eml";
        String[] text = new String[1];
        await("a mail to " + email + " in " + mailDir).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!Files.isDirectory(mailDir)) {
                        return false;
                    }
                    try (Stream<Path> files = Files.list(mailDir)) {
                        Path mail = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
                        if (mail == null) {
                            return false;
                        }
                        text[0] = Files.readString(mail, StandardCharsets.ISO_8859_1).replaceAll("=\\r?\\n", "");
                        return true;
                    }
                });
        return text[0];
    }

    int gatewayPort() {
        return GATEWAY_PORT + offset;
    }

    /**
     * A client of the gateway that sends {@code Authorization: Bearer <token>} (none if null), over IPv4 loopback:
     * the services listen there only, and a key's allowed IP is 127.0.0.1.
     */
    ApiClient client(String bearerToken) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + gatewayPort());
        client.setReadTimeout(Duration.ofSeconds(20));
        if (bearerToken != null) {
            Consumer<HttpRequest.Builder> bearer = request -> request.header("Authorization", "Bearer " + bearerToken);
            client.setRequestInterceptor(bearer);
        }
        return client;
    }

    /** What the launcher printed, for failure messages. */
    String launcherOutput() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + output + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            stop(launcher);
        } catch (InterruptedException e) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * End of input first: the launcher stops services, broker and database in order, as on Ctrl-C. SIGTERM if it
     * has not finished in time (the same orderly path), then SIGKILL to whatever is left of it and its children.
     */
    private static void stop(Process process) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed: the launcher has seen the end
        }
        if (process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            return;
        }
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
