package dev.troco.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver behindProxies = new ClientAddressResolver(
            List.of(CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("fd00::/8")));
    private final ClientAddressResolver direct = new ClientAddressResolver(List.of());

    @Test
    void withoutTrustedProxiesTheTcpPeerIsTheClientWhateverTheHeadersSay() {
        assertThat(direct.resolve("198.51.100.9", null, "203.0.113.7")).isEqualTo("198.51.100.9");
        assertThat(direct.resolve("198.51.100.9", "for=203.0.113.7", null)).isEqualTo("198.51.100.9");
    }

    @Test
    void anUntrustedPeerCannotSpoofThroughHeaders() {
        assertThat(behindProxies.resolve("198.51.100.9", null, "203.0.113.7")).isEqualTo("198.51.100.9");
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedHopIsTheClient() {
        // client sent a forged first entry; our proxies appended the real one
        assertThat(behindProxies.resolve("10.0.0.2", null, "203.0.113.7, 198.51.100.9, 10.0.0.5"))
                .isEqualTo("198.51.100.9");
        assertThat(behindProxies.resolve("10.0.0.2", null, "198.51.100.9")).isEqualTo("198.51.100.9");
    }

    @Test
    void forwardedHeaderIsPreferredAndParsed() {
        assertThat(behindProxies.resolve("10.0.0.2",
                "for=203.0.113.7;proto=https, for=\"[2001:db8::1]:443\";by=10.0.0.5", "192.0.2.99"))
                .isEqualTo("2001:db8::1");
        assertThat(behindProxies.resolve("10.0.0.2", "for=198.51.100.9:5123", null)).isEqualTo("198.51.100.9");
    }

    @Test
    void anUnparseableHopStopsTheWalkAtTheLastKnownAddress() {
        assertThat(behindProxies.resolve("10.0.0.2", "for=unknown, for=10.0.0.7", null)).isEqualTo("10.0.0.7");
        assertThat(behindProxies.resolve("10.0.0.2", null, "garbage")).isEqualTo("10.0.0.2");
    }

    @Test
    void aChainOfOnlyTrustedProxiesEndsAtTheLeftmost() {
        assertThat(behindProxies.resolve("10.0.0.2", null, "10.1.1.1, 10.0.0.5")).isEqualTo("10.1.1.1");
        assertThat(behindProxies.resolve("fd00::2", null, null)).isEqualTo("fd00::2");
    }
}
