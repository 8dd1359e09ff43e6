package dev.troco.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.troco.testing.TestBackend.Choice;
import dev.troco.testing.TestBackend.Kind;
import dev.troco.testing.TestBackend.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** TROCO_TEST_CONTAINERS × "does a Docker engine answer" → containers, embedded or a refusal. */
class TestBackendDecisionTest {

    private static final DockerEngine.Check ENGINE = new DockerEngine.Check(true, "unix:///var/run/docker.sock", 40);
    private static final DockerEngine.Check NO_ENGINE =
            new DockerEngine.Check(false, "nothing announces one (no DOCKER_HOST, ...)", 1);

    /** Records which modes asked for the engine check. */
    private final List<Mode> asked = new ArrayList<>();

    private Function<Mode, DockerEngine.Check> engine(DockerEngine.Check answer) {
        return mode -> {
            asked.add(mode);
            return answer;
        };
    }

    @ParameterizedTest(name = "\"{0}\", engine answers: {1} -> {2}")
    @CsvSource(nullValues = "NULL", value = {
        // unset or blank means auto
        "NULL,     true,  CONTAINERS",
        "NULL,     false, EMBEDDED",
        "'',       true,  CONTAINERS",
        "'   ',    false, EMBEDDED",
        "auto,     true,  CONTAINERS",
        "auto,     false, EMBEDDED",
        "' AUTO ', true,  CONTAINERS",
        "always,   true,  CONTAINERS",
        "Always,   true,  CONTAINERS",
        "never,    true,  EMBEDDED",
        "never,    false, EMBEDDED",
        "NEVER,    true,  EMBEDDED",
    })
    void choosesFromTheValueAndTheEngine(String value, boolean engineAnswers, Kind expected) {
        Choice choice = TestBackend.decide(value, engine(engineAnswers ? ENGINE : NO_ENGINE));

        assertEquals(expected, choice.kind());
        assertTrue(choice.reason().startsWith("TROCO_TEST_CONTAINERS="), choice.reason());
    }

    @Test
    void autoGivesTheEngineOrItsAbsenceAsTheReason() {
        Choice containers = TestBackend.decide(null, engine(ENGINE));
        Choice embedded = TestBackend.decide("auto", engine(NO_ENGINE));

        assertEquals("TROCO_TEST_CONTAINERS=auto (unset) and a Docker engine answered: unix:///var/run/docker.sock "
                + "(checked in 40 ms)", containers.reason());
        assertEquals("TROCO_TEST_CONTAINERS=auto and no Docker engine answered: nothing announces one "
                + "(no DOCKER_HOST, ...) (checked in 1 ms)", embedded.reason());
        assertEquals(List.of(Mode.AUTO, Mode.AUTO), asked);
    }

    @Test
    void alwaysWithoutAnEngineFailsSayingWhyAndWhatToDo() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TestBackend.decide("always", engine(NO_ENGINE)));

        assertEquals("TROCO_TEST_CONTAINERS=always but no Docker engine answered: nothing announces one "
                + "(no DOCKER_HOST, ...) (checked in 1 ms). Start Docker or point DOCKER_HOST at an engine, or set "
                + "TROCO_TEST_CONTAINERS=auto or never to use the embedded broker and database.", refused.getMessage());
        assertEquals(List.of(Mode.ALWAYS), asked, "always checks with its own (longer) bound");
    }

    @Test
    void neverDoesNotLookForAnEngine() {
        Choice choice = TestBackend.decide("never", mode -> fail("never must not check for a Docker engine"));

        assertEquals(new Choice(Kind.EMBEDDED, "TROCO_TEST_CONTAINERS=never"), choice);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "true", "docker", "1", "containers", "auto,never"})
    void refusesAnyOtherValueWithoutLookingForAnEngine(String value) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TestBackend.decide(value, mode -> fail("an invalid value must not check for a Docker engine")));

        assertEquals("TROCO_TEST_CONTAINERS=\"" + value + "\" is not a valid value. Use auto (containers if a Docker "
                + "engine answers, else the embedded broker and database; the default), always (containers, or "
                + "fail) or never (the embedded broker and database).", refused.getMessage());
    }
}
