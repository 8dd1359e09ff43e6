package dev.troco.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.testing.openapi.OpenApiBodies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document tells the truth about statuses: every answer the gateway gave in the test suite (written
 * down by {@link AnswerRecorder}) is one the document lists for that operation, with a media type it lists; and,
 * when the whole suite ran, every operation was called and every success (2xx, 3xx) written on an operation was
 * seen. The refusals written on an operation (409, 422...) that no test provoked are printed, not failed on; the
 * door's statuses ({@link #DOOR_STATUSES}) come from one rule and have tests of their own. And the document tells the
 * truth about bodies: every JSON body the resources wrote (a few of each kind, kept by {@link BodyRecorder}) is valid
 * against the schema the document gives that answer.
 *
 * <p>Runs after the unit and {@code @QuarkusTest} suite (Failsafe, {@code verify}), against the document Quarkus
 * stored at build ({@code target/openapi/openapi.json}), which is the one {@code /q/openapi} serves.
 */
class OpenApiAnswersIT {

    /** Statuses every operation of a kind answers at its door (PublicDocumentFilter); each has tests of its own. */
    static final Set<String> DOOR_STATUSES = Set.of("400", "401", "403", "404", "406", "408", "413", "415", "429", "503");

    static final List<String> PUBLIC_PREFIXES = List.of("/v1/", "/admin/", "/payment/", "/checkout/",
            "/email-recipients/");

    /**
     * Operations whose bodies are the notification-service's, passed through as they are: in this module's tests a
     * stub answers them, so their bodies are checked where they are made (the notification-service's
     * {@code PublicBodiesCheck}), and only their statuses here.
     */
    static final List<String> NOTIFICATION_SERVICE_BODIES = List.of("/v1/webhook-endpoints", "/v1/events",
            "/v1/ipns", "/v1/notification-settings", "/v1/dashboard/", "/v1/callback-secret");

    record Operation(String method, String template) implements Comparable<Operation> {
        @Override
        public int compareTo(Operation other) {
            return Comparator.comparing(Operation::template).thenComparing(Operation::method).compare(this, other);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    record Answer(Operation operation, String status, String mediaType) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static OpenApiBodies bodies;
    static JsonNode document;
    static Map<Operation, Map<String, Set<String>>> documented;
    static List<Answer> answers;
    static List<String> notOperations;

    @BeforeAll
    static void read() throws IOException {
        Path stored = Path.of("target", "openapi", "openapi.json");
        assertThat(stored).as("the document Quarkus stores at build").exists();
        bodies = OpenApiBodies.read(stored);
        document = bodies.document();
        documented = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                Map<String, Set<String>> statuses = new TreeMap<>();
                op.getValue().path("responses").properties().forEach(response -> {
                    Set<String> types = new TreeSet<>();
                    response.getValue().path("content").fieldNames().forEachRemaining(types::add);
                    statuses.put(response.getKey(), types);
                });
                documented.put(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey()), statuses);
            }
        }
        answers = new ArrayList<>();
        notOperations = new ArrayList<>();
        if (!Files.isDirectory(AnswerRecorder.DIRECTORY)) {
            return;
        }
        try (Stream<Path> files = Files.list(AnswerRecorder.DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tsv")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] fields = line.split("\t");
                    if (fields.length < 4 || PUBLIC_PREFIXES.stream().noneMatch(fields[1]::startsWith)) {
                        continue;
                    }
                    Operation operation = match(fields[0], fields[1]);
                    if (operation == null) {
                        notOperations.add(fields[0] + " " + fields[1] + " -> " + fields[2]);
                    } else {
                        answers.add(new Answer(operation, fields[2], fields[3]));
                    }
                }
            }
        }
    }

    /** The documented operation a request was for (as {@link OpenApiBodies#match} finds it). */
    static Operation match(String method, String rawPath) {
        return bodies.match(method, rawPath).map(o -> new Operation(o.method(), o.template())).orElse(null);
    }

    @Test
    void everyAnswerOfTheSuiteIsOneTheDocumentLists() {
        assumeTrue(!answers.isEmpty(), "no answers written down (the @QuarkusTest suite did not run)");
        Map<String, Long> undocumented = new TreeMap<>();
        for (Answer answer : answers) {
            Map<String, Set<String>> statuses = documented.get(answer.operation());
            Set<String> types = statuses.get(answer.status());
            String what;
            if (types == null) {
                what = answer.operation() + " answered " + answer.status() + ", documented: " + statuses.keySet();
            } else if (!types.isEmpty() && !types.contains(answer.mediaType()) && !answer.mediaType().equals("-")) {
                what = answer.operation() + " answered " + answer.status() + " as " + answer.mediaType()
                        + ", documented as " + types;
            } else {
                continue;
            }
            undocumented.merge(what, 1L, Long::sum);
        }
        assertThat(undocumented).as("answers the OpenAPI document does not list").isEmpty();
    }

    @Test
    void everyJsonBodyOfTheSuiteMatchesTheSchemaTheDocumentGivesIt() throws IOException {
        List<JsonNode> samples = new ArrayList<>();
        if (Files.isDirectory(AnswerRecorder.DIRECTORY)) {
            try (Stream<Path> files = Files.list(AnswerRecorder.DIRECTORY)) {
                for (Path file : files.filter(f -> f.toString().endsWith(BodyRecorder.FILE_SUFFIX)).toList()) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        samples.add(JSON.readTree(line));
                    }
                }
            }
        }
        assumeTrue(!samples.isEmpty(), "no bodies written down (the @QuarkusTest suite did not run)");
        Map<String, Long> mismatches = new TreeMap<>();
        int checked = 0;
        for (JsonNode sample : samples) {
            String method = sample.path("method").asText();
            String path = sample.path("path").asText();
            if (PUBLIC_PREFIXES.stream().noneMatch(path::startsWith)) {
                continue;
            }
            OpenApiBodies.Operation operation = bodies.match(method, path).orElse(null);
            if (operation == null || NOTIFICATION_SERVICE_BODIES.stream().anyMatch(operation.template()::startsWith)) {
                continue; // an answer the document does not list (the statuses' test names it), or not ours
            }
            String status = sample.path("status").asText();
            String mediaType = sample.path("mediaType").asText();
            if (!bodies.hasSchema(operation, status, mediaType)) {
                continue;
            }
            checked++;
            for (String problem : bodies.problems(operation, status, mediaType,
                    JSON.readTree(sample.path("body").asText()))) {
                mismatches.merge(operation + " " + status + " " + mediaType + ": " + problem, 1L, Long::sum);
            }
        }
        System.out.println("[openapi] " + checked + " bodies checked against the document's schemas");
        assertThat(mismatches).as("bodies that do not match the schema the OpenAPI document gives them").isEmpty();
    }

    @Test
    void inAWholeRunEveryOperationIsCalledAndEveryStatusWrittenOnAnOperationIsSeen() {
        assumeTrue(!answers.isEmpty(), "no answers written down (the @QuarkusTest suite did not run)");
        assumeTrue(System.getProperty("test") == null,
                "only some test classes ran (-Dtest): what the document lists cannot all have been seen");
        Map<Operation, Set<String>> seen = new HashMap<>();
        answers.forEach(answer -> seen.computeIfAbsent(answer.operation(), k -> new TreeSet<>()).add(answer.status()));
        List<String> missing = new ArrayList<>();
        List<String> untested = new ArrayList<>();
        documented.forEach((operation, statuses) -> {
            if (PUBLIC_PREFIXES.stream().noneMatch(operation.template()::startsWith)) {
                return;
            }
            Set<String> answered = seen.getOrDefault(operation, Set.of());
            if (answered.isEmpty()) {
                missing.add(operation + ": never called");
                return;
            }
            statuses.keySet().stream().filter(status -> !DOOR_STATUSES.contains(status))
                    .filter(status -> !answered.contains(status))
                    .forEach(status -> (status.startsWith("2") || status.startsWith("3") ? missing : untested)
                            .add(operation + ": " + status + " never answered"));
        });
        if (!untested.isEmpty()) {
            System.out.println("[openapi] refusals the document lists that no test of the suite provoked ("
                    + untested.size() + "):\n  " + String.join("\n  ", untested));
        }
        assertThat(missing).as("operations never called, or successes the document lists that the suite never saw")
                .isEmpty();
    }
}
