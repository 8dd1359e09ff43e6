package dev.troco.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.troco.gateway.security.ClientAddressResolver.ForwardingHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private static final List<CidrBlock> PROXIES = List.of(CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("fd00::/8"));
    private final ClientAddressResolver behindXff = new ClientAddressResolver(PROXIES, ForwardingHeader.X_FORWARDED_FOR);
    private final ClientAddressResolver behindForwarded = new ClientAddressResolver(PROXIES, ForwardingHeader.FORWARDED);
    private final ClientAddressResolver direct = new ClientAddressResolver(List.of(), ForwardingHeader.X_FORWARDED_FOR);

    @Test
    void withoutTrustedProxiesTheTcpPeerIsTheClientWhateverTheHeaderSays() {
        assertThat(direct.resolve("198.51.100.9", "203.0.113.7")).isEqualTo("198.51.100.9");
    }

    @Test
    void anUntrustedPeerCannotSpoofThroughTheHeader() {
        assertThat(behindXff.resolve("198.51.100.9", "203.0.113.7")).isEqualTo("198.51.100.9");
        assertThat(behindForwarded.resolve("198.51.100.9", "for=203.0.113.7")).isEqualTo("198.51.100.9");
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedHopIsTheClient() {
        // client sent a forged first entry; our proxies appended the real one
        assertThat(behindXff.resolve("10.0.0.2", "203.0.113.7, 198.51.100.9, 10.0.0.5")).isEqualTo("198.51.100.9");
        assertThat(behindXff.resolve("10.0.0.2", "198.51.100.9")).isEqualTo("198.51.100.9");
    }

    @Test
    void theForwardedHeaderIsParsedWhenItIsTheConfiguredOne() {
        assertThat(behindForwarded.resolve("10.0.0.2",
                "for=203.0.113.7;proto=https, for=\"[2001:db8::1]:443\";by=10.0.0.5")).isEqualTo("2001:db8::1");
        assertThat(behindForwarded.resolve("10.0.0.2", "for=198.51.100.9:5123")).isEqualTo("198.51.100.9");
    }

    @Test
    void theHeaderIsChosenByConfigurationOnly() {
        assertThat(ForwardingHeader.named("x-forwarded-for")).isEqualTo(ForwardingHeader.X_FORWARDED_FOR);
        assertThat(ForwardingHeader.named(" Forwarded ")).isEqualTo(ForwardingHeader.FORWARDED);
        assertThatThrownBy(() -> ForwardingHeader.named("X-Real-IP")).isInstanceOf(IllegalArgumentException.class);
        assertThat(behindXff.header().headerName()).isEqualTo("X-Forwarded-For");
    }

    @Test
    void anUnparseableHopStopsTheWalkAtTheLastKnownAddress() {
        assertThat(behindForwarded.resolve("10.0.0.2", "for=unknown, for=10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(behindXff.resolve("10.0.0.2", "garbage")).isEqualTo("10.0.0.2");
    }

    @Test
    void aChainOfOnlyTrustedProxiesEndsAtTheLeftmost() {
        assertThat(behindXff.resolve("10.0.0.2", "10.1.1.1, 10.0.0.5")).isEqualTo("10.1.1.1");
        assertThat(behindXff.resolve("fd00::2", null)).isEqualTo("fd00::2");
    }
}
