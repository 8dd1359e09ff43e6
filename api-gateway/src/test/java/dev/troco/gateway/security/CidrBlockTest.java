package dev.troco.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrBlockTest {

    @Test
    void singleAddressesAndRangesOfBothFamilies() {
        assertThat(CidrBlock.parse("203.0.113.7").contains("203.0.113.7")).isTrue();
        assertThat(CidrBlock.parse("203.0.113.7").contains("203.0.113.8")).isFalse();
        assertThat(CidrBlock.parse("10.0.0.0/8").contains("10.255.1.2")).isTrue();
        assertThat(CidrBlock.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(CidrBlock.parse("2001:db8::/32").contains("2001:db8:ffff::1")).isTrue();
        assertThat(CidrBlock.parse("2001:db8::/32").contains("2001:db9::1")).isFalse();
        assertThat(CidrBlock.parse("0.0.0.0/0").contains("198.51.100.1")).isTrue();
    }

    @Test
    void ipv4MappedIpv6IsTheSameAddress() {
        assertThat(CidrBlock.parse("192.0.2.0/24").contains("::ffff:192.0.2.10")).isTrue();
        assertThat(CidrBlock.parse("::ffff:192.0.2.10").contains("192.0.2.10")).isTrue();
    }

    @Test
    void familiesNeverMatchEachOther() {
        assertThat(CidrBlock.parse("::/0").contains("192.0.2.1")).isFalse();
        assertThat(CidrBlock.parse("0.0.0.0/0").contains("2001:db8::1")).isFalse();
    }

    @Test
    void hostBitsAreMaskedAndTheTextIsCanonical() {
        assertThat(CidrBlock.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
        assertThat(CidrBlock.parse("10.1.2.3/8")).isEqualTo(CidrBlock.parse("10.0.0.0/8"));
        assertThat(CidrBlock.parse("2001:DB8::1").toString()).isEqualTo("2001:db8:0:0:0:0:0:1/128");
    }

    @Test
    void hostnamesAndNonsenseAreRefusedWithoutDnsLookups() {
        assertThatThrownBy(() -> CidrBlock.parse("example.com")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> CidrBlock.parse("localhost")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> CidrBlock.parse("2001:db8::/129")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> CidrBlock.parse("999.1.1.1")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> CidrBlock.parse(" ")).hasMessageContaining("empty");
    }
}
