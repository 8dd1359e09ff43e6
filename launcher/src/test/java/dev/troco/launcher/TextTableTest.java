package dev.troco.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void padsEveryColumnButTheLast() {
        assertThat(new TextTable().row("SERVICE", "URL").row("api-gateway", "http://localhost:8080").render())
                .containsExactly(
                        "SERVICE      URL",
                        "api-gateway  http://localhost:8080");
    }
}
