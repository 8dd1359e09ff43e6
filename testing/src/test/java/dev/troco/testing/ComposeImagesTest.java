package dev.troco.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The container path runs what docker-compose.yml runs: same images, same versions. */
class ComposeImagesTest {

    @Test
    void containersUseTheImagesOfDockerCompose() throws IOException {
        List<String> compose = Files.readAllLines(Path.of("..", "docker-compose.yml"));

        assertEquals(imageOf(compose, "kafka"), ContainerKafka.IMAGE);
        assertEquals(imageOf(compose, "postgres"), ContainerPostgres.IMAGE);
    }

    /** The {@code image:} of a service directly under {@code services:} (two-space indentation). */
    private static String imageOf(List<String> compose, String service) {
        int services = compose.indexOf("services:");
        int start = services < 0 ? -1 : compose.subList(services, compose.size()).indexOf("  " + service + ":");
        if (start < 0) {
            throw new AssertionError("docker-compose.yml has no service " + service);
        }
        start += services;
        for (String line : compose.subList(start + 1, compose.size())) {
            if (line.matches("  \\S.*")) {
                break; // the next service
            }
            if (line.startsWith("    image:")) {
                return line.substring("    image:".length()).trim();
            }
        }
        throw new AssertionError("docker-compose.yml's service " + service + " names no image");
    }
}
