package dev.troco.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "169.254.10.10", "100.64.0.1", "100.100.100.200", "0.0.0.0", "224.0.0.1",
        "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:10.0.0.1",
        "::ffff:127.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "ff02::1", "2001:db8::1", "198.18.0.1"})
    void refusesAddressesInsideTrocosOwnNetworkOrReserved(String literal) throws Exception {
        assertThat(AddressGuard.whyRefused(InetAddress.getByName(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
        "64:ff9b::808:808", "2002:808:808::1"})
    void letsPublicAddressesThrough(String literal) throws Exception {
        assertThat(AddressGuard.whyRefused(InetAddress.getByName(literal))).isEmpty();
    }

    @Test
    void namesTheMetadataServiceForWhatItIs() throws Exception {
        assertThat(AddressGuard.whyRefused(InetAddress.getByName("169.254.169.254"))).contains("cloud metadata");
    }

    @Test
    void refusesAHostNameThatResolvesToAPrivateAddress() {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of("hooks.example", List.of("10.1.2.3"))), List.of());

        assertThatThrownBy(() -> guard.resolve("hooks.example"))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessageContaining("10.1.2.3").hasMessageContaining("private");
    }

    @Test
    void refusesANameWhenAnyOfItsAddressesIsPrivate() {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of("mixed.example", List.of("8.8.8.8", "127.0.0.1"))),
                List.of());

        assertThatThrownBy(() -> guard.resolve("mixed.example")).isInstanceOf(RefusedAddressException.class);
    }

    @Test
    void answersTheAddressesItCheckedSoTheCallerConnectsToThoseAndNoOthers() throws Exception {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of("hooks.example", List.of("8.8.8.8"))), List.of());

        assertThat(guard.resolve("Hooks.Example.")).extracting(InetAddress::getHostAddress).containsExactly("8.8.8.8");
    }

    @Test
    void allowsPrivateAddressesOfAnAllowlistedHostOnly() throws Exception {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of(
                "localhost", List.of("127.0.0.1"),
                "sneaky.example", List.of("127.0.0.1"))), List.of("LOCALHOST", "127.0.0.1"));

        assertThat(guard.resolve("localhost")).hasSize(1);
        assertThat(guard.resolve("127.0.0.1")).hasSize(1);
        assertThatThrownBy(() -> guard.resolve("sneaky.example")).isInstanceOf(RefusedAddressException.class);
    }

    @Test
    void aNameThatDoesNotResolveIsUnknown() {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of()), List.of());

        assertThatThrownBy(() -> guard.resolve("nowhere.example")).isInstanceOf(UnknownHostException.class);
    }
}
