package dev.troco.kit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundUrlChecksTest {

    private final OutboundUrlPolicy policy = new OutboundUrlPolicy(new AddressGuard(FakeDns.of(Map.of(
            "loja.example", List.of("93.184.215.14"),
            "internal.loja.example", List.of("192.168.0.10"))), List.of()));

    @Test
    void productionTakesHttpsOnly() {
        assertThat(policy.check("https://loja.example/hooks", true).port()).isEqualTo(443);
        assertThatThrownBy(() -> policy.check("http://loja.example/hooks", true))
                .isInstanceOfSatisfying(InvalidUrlException.class,
                        e -> assertThat(e.code()).isEqualTo("https_required"));
    }

    @Test
    void sandboxAlsoTakesPlainHttp() {
        OutboundUrl url = policy.check("http://loja.example:8080/hooks?x=1", false);

        assertThat(url.pathAndQuery()).isEqualTo("/hooks?x=1");
        assertThat(url.hostHeader()).isEqualTo("loja.example:8080");
    }

    @Test
    void refusesAHostResolvingToAPrivateAddress() {
        assertThatThrownBy(() -> policy.check("https://internal.loja.example/", false))
                .isInstanceOfSatisfying(InvalidUrlException.class,
                        e -> assertThat(e.code()).isEqualTo("private_address"));
    }

    @Test
    void theRegistrationAnswerDoesNotRevealWhatAnInternalNameResolvesTo() {
        assertThatThrownBy(() -> policy.check("https://internal.loja.example/", false))
                .isInstanceOfSatisfying(InvalidUrlException.class, e -> assertThat(e.getMessage())
                        .contains("internal.loja.example resolves to a private or reserved address")
                        .doesNotContain("192.168"));
    }

    @Test
    void refusesUrlsThatAreNotPlainWebhookTargets() {
        assertThat(code("ftp://loja.example/")).isEqualTo("invalid_url");
        assertThat(code("/relative")).isEqualTo("invalid_url");
        assertThat(code("https://user:pass@loja.example/")).isEqualTo("credentials_in_url");
        assertThat(code("https://loja.example/#top")).isEqualTo("invalid_url");
        assertThat(code("https://nowhere.example/")).isEqualTo("unresolvable_host");
        assertThat(code("https://loja.example/" + "a".repeat(OutboundUrl.LENGTH_MAX))).isEqualTo("url_too_long");
    }

    private String code(String url) {
        try {
            policy.check(url, false);
            return "accepted";
        } catch (InvalidUrlException e) {
            return e.code();
        }
    }
}
