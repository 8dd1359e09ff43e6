package dev.troco.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Freezes the current schema of every message type whose schema changed since its last release,
 * as the next {@code v<n>.avsc} under {@code events/src/main/resources/dev/troco/events/released}.
 * Run it when a release goes out:
 * {@code ./mvnw -q -pl events compile exec:java -Dexec.mainClass=dev.troco.events.ReleaseSchemas}.
 */
public final class ReleaseSchemas {

    private ReleaseSchemas() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "events/src/main/resources/dev/troco/events/released");
        for (Class<? extends SpecificRecord> type : MessageCatalog.types()) {
            Schema current = MessageCatalog.currentSchema(type);
            List<Schema> released = MessageCatalog.releasedSchemas(type);
            long fingerprint = SchemaNormalization.parsingFingerprint64(current);
            if (!released.isEmpty()
                    && SchemaNormalization.parsingFingerprint64(released.get(released.size() - 1)) == fingerprint) {
                continue;
            }
            if (!released.isEmpty()) {
                List<String> problems = SchemaCompatibilityCheck.problems(released.get(released.size() - 1), current);
                if (!problems.isEmpty()) {
                    throw new IllegalStateException(current.getFullName() + " is not compatible: " + problems);
                }
            }
            Path file = root.resolve(current.getFullName()).resolve("v" + (released.size() + 1) + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, SchemaFormatter.format("json/pretty", current) + "\n", StandardCharsets.UTF_8);
            System.out.println("released " + file);
        }
    }
}
