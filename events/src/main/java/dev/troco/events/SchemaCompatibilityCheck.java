package dev.troco.events;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The rule for evolving a message schema: the new version must read everything the released one
 * wrote (backward) and the released version must read everything the new one writes (forward), so
 * producers and consumers can be upgraded in any order.
 */
public final class SchemaCompatibilityCheck {

    private SchemaCompatibilityCheck() {
    }

    /** An empty list when {@code candidate} is fully compatible with {@code released}; otherwise why not. */
    public static List<String> problems(Schema released, Schema candidate) {
        List<String> problems = new ArrayList<>();
        SchemaPairCompatibility backward = SchemaCompatibility.checkReaderWriterCompatibility(candidate, released);
        if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add("backward (new reads old): " + describe(backward, candidate));
        }
        SchemaPairCompatibility forward = SchemaCompatibility.checkReaderWriterCompatibility(released, candidate);
        if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add("forward (old reads new): " + describe(forward, released));
        }
        return problems;
    }

    private static String describe(SchemaPairCompatibility pair, Schema reader) {
        List<String> lines = new ArrayList<>();
        for (var incompatibility : pair.getResult().getIncompatibilities()) {
            lines.add(fieldPath(reader, incompatibility.getLocation()) + ": " + incompatibility.getType()
                    + " (" + incompatibility.getMessage() + ")");
        }
        return String.join("; ", lines);
    }

    /** Turns a location such as {@code /fields/1/type} into field names, such as {@code amountCents}. */
    private static String fieldPath(Schema schema, String location) {
        List<String> names = new ArrayList<>();
        String[] segments = location.split("/");
        Schema current = schema;
        for (int i = 0; i < segments.length; i++) {
            if ("fields".equals(segments[i]) && i + 1 < segments.length && current != null
                    && current.getType() == Schema.Type.RECORD) {
                int index;
                try {
                    index = Integer.parseInt(segments[++i]);
                } catch (NumberFormatException e) {
                    break;
                }
                if (index >= current.getFields().size()) {
                    break;
                }
                Schema.Field field = current.getFields().get(index);
                names.add(field.name());
                current = field.schema();
            }
        }
        return names.isEmpty() ? location : String.join(".", names);
    }
}
