package dev.troco.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaCompatibilityTest {

    static Stream<Class<? extends SpecificRecord>> messageTypes() {
        return MessageCatalog.types().stream();
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void everyMessageTypeHasAReleasedVersion(Class<? extends SpecificRecord> type) {
        assertThat(MessageCatalog.releasedSchemas(type))
                .as("released versions of %s (run ReleaseSchemas to freeze a new type)", type.getName())
                .isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void currentSchemaIsBackwardAndForwardCompatibleWithEveryReleasedVersion(Class<? extends SpecificRecord> type) {
        Schema current = MessageCatalog.currentSchema(type);
        for (Schema released : MessageCatalog.releasedSchemas(type)) {
            assertThat(SchemaCompatibilityCheck.problems(released, current))
                    .as("%s against a released version", type.getName())
                    .isEmpty();
        }
    }

    @Test
    void newRequiredFieldWithoutDefaultIsRejectedAsNotBackwardCompatible() throws IOException {
        Schema released = MessageCatalog.releasedSchemas(dev.troco.events.charge.ChargePaid.class).get(0);
        List<String> problems = SchemaCompatibilityCheck.problems(released, load("ChargePaid-new-required-field.avsc"));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("backward").contains("settlementId");
    }

    @Test
    void changedFieldTypeIsRejectedBothWays() throws IOException {
        Schema released = MessageCatalog.releasedSchemas(dev.troco.events.charge.ChargePaid.class).get(0);
        List<String> problems = SchemaCompatibilityCheck.problems(released, load("ChargePaid-amount-as-string.avsc"));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("backward").contains("amountCents");
        assertThat(problems.get(1)).startsWith("forward").contains("amountCents");
    }

    @Test
    void removedFieldWithoutDefaultIsRejectedAsNotForwardCompatible() throws IOException {
        Schema released = MessageCatalog.releasedSchemas(dev.troco.events.charge.ChargePaid.class).get(0);
        List<String> problems = SchemaCompatibilityCheck.problems(released, load("ChargePaid-paidAt-removed.avsc"));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("forward").contains("paidAt");
    }

    @Test
    void optionalFieldWithDefaultIsAccepted() throws IOException {
        Schema released = MessageCatalog.releasedSchemas(dev.troco.events.charge.ChargePaid.class).get(0);
        assertThat(SchemaCompatibilityCheck.problems(released, load("ChargePaid-optional-field.avsc"))).isEmpty();
    }

    static Schema load(String name) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/incompatible/" + name)) {
            return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
