package dev.troco.testing.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's public OpenAPI document as a test reads it: which documented operation a request was for, and
 * whether a body is valid against the schema the document gives that answer (JSON Schema in the OpenAPI 3.1
 * dialect, validated with networknt's validator). Used by the gateway's own answers check and by the services whose
 * bodies the gateway passes through, so that every body a merchant can receive is held to the one document.
 */
public final class OpenApiBodies {

    private static final String DOCUMENT_ID = "https://troco.dev/openapi.json";

    /** A documented operation: its method (upper case) and path template. */
    public record Operation(String method, String template) {
        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiBodies(JsonNode document) {
        this.document = document;
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(
                method -> operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey()))));
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_ID, document.toString())));
    }

    /** Reads the document (the JSON Quarkus stores at build, or the {@code openapi} artifact the gateway attaches). */
    public static OpenApiBodies read(Path documentFile) {
        try {
            return new OpenApiBodies(new ObjectMapper().readTree(documentFile.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + documentFile, e);
        }
    }

    public JsonNode document() {
        return document;
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** The documented operation a request was for: same method, same segment count, most literal segments. */
    public Optional<Operation> match(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        Operation best = null;
        int bestLiterals = -1;
        for (Operation operation : operations) {
            if (!operation.method().equals(method)) {
                continue;
            }
            String[] template = operation.template().split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    matches = !segments[i].isEmpty();
                } else {
                    matches = template[i].equals(segments[i]);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                best = operation;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the document gives this answer of the operation a schema (an undocumented answer has none). */
    public boolean hasSchema(Operation operation, String status, String mediaType) {
        return !responseSchema(operation, status, mediaType).isMissingNode();
    }

    /** What is wrong with {@code body} against the schema of this answer; empty when valid or not documented. */
    public List<String> problems(Operation operation, String status, String mediaType, JsonNode body) {
        if (!hasSchema(operation, status, mediaType)) {
            return List.of();
        }
        String pointer = "/paths/" + escape(operation.template()) + "/" + operation.method().toLowerCase(Locale.ROOT)
                + "/responses/" + status + "/content/" + escape(mediaType) + "/schema";
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOCUMENT_ID + "#" + p)));
        return schema.validate(body).stream().map(Object::toString).toList();
    }

    private JsonNode responseSchema(Operation operation, String status, String mediaType) {
        return document.path("paths").path(operation.template()).path(operation.method().toLowerCase(Locale.ROOT))
                .path("responses").path(status).path("content").path(mediaType).path("schema");
    }

    /** A JSON pointer's token: '~' and '/' escaped (RFC 6901), and what a URI fragment cannot hold percent-encoded. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }
}
