package dev.troco.kit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules a URL Troco calls must pass, as a creation checks them (no DNS) and as a delivery does. */
class OutboundUrlPolicyTest {

    /** A resolver that must not be asked: the checks without lookup never call it. */
    private static final HostResolver NO_DNS = host -> {
        throw new AssertionError("looked up " + host);
    };

    private final OutboundUrlPolicy policy = new OutboundUrlPolicy(
            new AddressGuard(NO_DNS, List.of("127.0.0.1"), ForbiddenPorts.parse(List.of("8084"))));

    @Test
    void addressesWrittenInTheUrlAreJudgedWithoutALookup() {
        for (String url : List.of("https://169.254.169.254/latest/meta-data", "https://10.1.2.3/hook",
                "https://[::1]/hook", "https://[::ffff:169.254.169.254]/x", "https://2130706433/hook",
                "https://localhost/hook", "https://api.localhost/hook", "https://0.0.0.0/")) {
            assertThatThrownBy(() -> policy.checkWithoutLookup(url, true)).as(url)
                    .isInstanceOf(InvalidUrlException.class)
                    .extracting(e -> ((InvalidUrlException) e).code()).isEqualTo("private_address");
        }
        assertThat(policy.checkWithoutLookup("https://shop.example/ipn", true).host()).isEqualTo("shop.example");
        assertThat(policy.checkWithoutLookup("https://8.8.8.8/ipn", true).port()).isEqualTo(443);
        assertThat(policy.checkWithoutLookup("http://127.0.0.1:9999/ipn", false).host()).isEqualTo("127.0.0.1");
    }

    @Test
    void theFormIsStrict() {
        for (String url : List.of(" https://shop.example/ipn", "https://shop.example/ipn\n", "https://shop.ex ample/",
                "https://shop.example/a\u0000b", "ftp://shop.example/", "javascript:alert(1)", "/relative",
                "https://user:pass@shop.example/", "https://shop.example/#frag", "https:///nohost", "")) {
            assertThatThrownBy(() -> policy.checkWithoutLookup(url, false)).as(url)
                    .isInstanceOf(InvalidUrlException.class);
        }
        assertThatThrownBy(() -> policy.checkWithoutLookup("http://shop.example/ipn", true))
                .extracting(e -> ((InvalidUrlException) e).code()).isEqualTo("https_required");
        assertThatThrownBy(() -> policy.checkWithoutLookup("http://127.0.0.1:8084/internal/v1/x", false))
                .extracting(e -> ((InvalidUrlException) e).code()).isEqualTo("forbidden_port");
    }

    @Test
    void aNameIsJudgedByWhatItResolvesTo() throws Exception {
        OutboundUrlPolicy resolving = new OutboundUrlPolicy(new AddressGuard(
                host -> List.of(InetAddress.getByName("192.168.0.10")), List.of(), ForbiddenPorts.none()));
        assertThatThrownBy(() -> resolving.check("https://intranet.example/hook", true))
                .extracting(e -> ((InvalidUrlException) e).code()).isEqualTo("private_address");
        assertThatThrownBy(() -> resolving.check("https://intranet.example/hook", true))
                .hasMessageNotContaining("192.168");
    }
}
