package dev.troco.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an engine can be announced, and the bound on asking Testcontainers. */
class DockerEngineTest {

    @TempDir
    Path root;

    private Path home() throws IOException {
        return Files.createDirectories(root.resolve("home/dev"));
    }

    private DockerEngine.Places places(Map<String, String> env) throws IOException {
        return new DockerEngine.Places(env, home(), root, 1000, false);
    }

    @Test
    void aMachineWithoutDockerAnnouncesNothing() throws IOException {
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        Files.createFile(bin.resolve("docker")); // the client alone is no engine

        assertEquals(List.of(), DockerEngine.announcements(places(Map.of("PATH", bin.toString()))));
    }

    @Test
    void findsEachPlaceTestcontainersLooksAt() throws IOException {
        Path xdg = Files.createDirectories(root.resolve("xdg"));
        Path bin = Files.createDirectories(root.resolve("opt/bin"));
        for (Path socket : List.of(root.resolve("var/run/docker.sock"), xdg.resolve("docker.sock"),
                home().resolve(".docker/run/docker.sock"), home().resolve(".docker/desktop/docker.sock"),
                root.resolve("run/user/1000/docker.sock"), home().resolve(".testcontainers.properties"))) {
            Files.createDirectories(socket.getParent());
            Files.createFile(socket);
        }
        Path machine = Files.createFile(bin.resolve("docker-machine"));
        machine.toFile().setExecutable(true);

        List<String> found = DockerEngine.announcements(places(Map.of(
                "DOCKER_HOST", "tcp://build-host:2375", "XDG_RUNTIME_DIR", xdg.toString(), "PATH", bin.toString())));

        assertEquals(List.of("DOCKER_HOST=tcp://build-host:2375",
                home().resolve(".testcontainers.properties").toString(),
                root.resolve("var/run/docker.sock").toString(),
                xdg.resolve("docker.sock").toString(),
                home().resolve(".docker/run/docker.sock").toString(),
                home().resolve(".docker/desktop/docker.sock").toString(),
                root.resolve("run/user/1000/docker.sock").toString(),
                "docker-machine on PATH"), found);
    }

    @Test
    void onWindowsLeavesTheNamedPipeToTestcontainers() throws IOException {
        assertEquals(List.of("Windows (named pipes are left to Testcontainers)"),
                DockerEngine.announcements(new DockerEngine.Places(Map.of(), home(), root, null, true)));
    }

    @Test
    void withNothingAnnouncedAutoAnswersAtOnceWithoutAskingTestcontainers() throws IOException {
        DockerEngine.Check check = DockerEngine.check(places(Map.of()), Duration.ofSeconds(5), true,
                () -> fail("Testcontainers must not be asked where nothing announces an engine"));

        assertFalse(check.answers());
        assertEquals("nothing announces one (no DOCKER_HOST, no " + home().resolve(".testcontainers.properties")
                + ", no socket at " + root.resolve("var/run/docker.sock") + ", " + home().resolve(".docker/run/docker.sock")
                + ", " + home().resolve(".docker/desktop/docker.sock") + ", " + root.resolve("run/user/1000/docker.sock")
                + ", no docker-machine on PATH)", check.detail());
        assertTrue(check.millis() < 1_000, check.millis() + " ms");
    }

    @Test
    void withSomethingAnnouncedTestcontainersDecides() throws IOException {
        DockerEngine.Check check = DockerEngine.check(places(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")),
                Duration.ofSeconds(5), true, () -> "tcp://127.0.0.1:2375");

        assertTrue(check.answers());
        assertEquals("tcp://127.0.0.1:2375", check.detail());
    }

    @Test
    void alwaysAsksTestcontainersEvenWhenNothingIsAnnounced() throws IOException {
        DockerEngine.Check check = DockerEngine.check(places(Map.of()), Duration.ofSeconds(5), false, () -> {
            throw new IllegalStateException("Could not find a valid Docker environment");
        });

        assertFalse(check.answers());
        assertTrue(check.detail().startsWith("nothing announces one (no DOCKER_HOST, "), check.detail());
        assertTrue(check.detail().endsWith(", but no engine answered: Could not find a valid Docker environment"),
                check.detail());
    }

    @Test
    void anEngineThatNeverAnswersIsGivenUpAfterTheBound() throws InterruptedException {
        CountDownLatch released = new CountDownLatch(1);
        long started = System.nanoTime();

        DockerEngine.Check check = DockerEngine.bounded(() -> {
            released.await(); // a daemon that accepted the connection and went silent
            return "unix:///var/run/docker.sock";
        }, Duration.ofMillis(300), "announced by /var/run/docker.sock", started);

        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        released.countDown();
        assertFalse(check.answers());
        assertEquals("announced by /var/run/docker.sock, but nothing answered within 0.3 s", check.detail());
        assertTrue(took >= 300 && took < 2_000, "took " + took + " ms");
        assertTrue(check.millis() >= 300, "reported " + check.millis() + " ms");
    }

    @Test
    void aFailedDetectionGivesItsReason() {
        DockerEngine.Check check = DockerEngine.bounded(() -> {
            throw new IllegalStateException("Could not find a valid Docker environment");
        }, Duration.ofSeconds(5), "announced by DOCKER_HOST=tcp://127.0.0.1:1", System.nanoTime());

        assertFalse(check.answers());
        assertEquals("announced by DOCKER_HOST=tcp://127.0.0.1:1, but no engine answered: "
                + "Could not find a valid Docker environment", check.detail());
    }

    @Test
    void anAnsweringEngineIsNamed() {
        DockerEngine.Check check = DockerEngine.bounded(() -> "unix:///run/user/1000/docker.sock",
                Duration.ofSeconds(5), "announced by /run/user/1000/docker.sock", System.nanoTime());

        assertTrue(check.answers());
        assertEquals("unix:///run/user/1000/docker.sock", check.detail());
    }
}
