package dev.troco.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProductionSecretsTest {

    private static final String GOOD = "n0t-published-Q2hhbmdlTWVQbGVhc2VZZXNSZWFsbHk=";

    private static List<String> problemsWith(Map<String, String> values, String... names) {
        return ProductionSecrets.problems(new LinkedHashSet<>(List.of(names)),
                name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void aMissingOrBlankSecretIsNamed() {
        assertThat(problemsWith(Map.of("a", "  "), "a", "b"))
                .containsExactly("a is not set", "b is not set");
    }

    @Test
    void aValuePublishedInTheRepositoryIsRefusedWithoutPrintingIt() {
        String composeFallback = "dHJvY28tbG9jYWwtb25seS1ub3QtYS1zZWNyZXQtMzI=";
        List<String> problems = problemsWith(Map.of("troco.gateway.encryption-key", composeFallback),
                "troco.gateway.encryption-key");
        assertThat(problems).singleElement().asString().contains("published").doesNotContain(composeFallback);
    }

    @Test
    void aShortSecretIsRefusedAndAGoodOnePasses() {
        assertThat(problemsWith(Map.of("t", "short"), "t")).containsExactly("t is shorter than 32 characters");
        assertThat(problemsWith(Map.of("t", GOOD), "t")).isEmpty();
        assertThat(ProductionSecrets.PUBLISHED).doesNotContain(GOOD);
        assertThat(Set.copyOf(problemsWith(Map.of(), "x"))).hasSize(1);
    }
}
