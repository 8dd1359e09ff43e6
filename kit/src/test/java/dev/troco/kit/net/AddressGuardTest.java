package dev.troco.kit.net;

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
                .hasMessage("hooks.example resolves to a private or reserved address");
    }

    @Test
    void aRefusalNeverNamesTheAddressNorItsKindSoDnsCannotBeMappedThroughIt() {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of(
                "postgres.troco.svc.cluster.local", List.of("10.96.12.34"),
                "metadata.example", List.of("169.254.169.254"),
                "v6.example", List.of("fd12:3456::7"))), List.of());

        for (String host : List.of("postgres.troco.svc.cluster.local", "metadata.example", "v6.example")) {
            assertThatThrownBy(() -> guard.resolve(host, 443))
                    .isInstanceOf(RefusedAddressException.class)
                    .hasMessage(host + " resolves to a private or reserved address")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("10.96").doesNotContain("169.254")
                            .doesNotContain("fd12").doesNotContain("metadata service").doesNotContain("loopback"));
        }
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

    @Test
    void refusesTrocosOwnPortsOnAnAllowlistedLocalHostButNotOtherPortsThere() throws Exception {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of("localhost", List.of("127.0.0.1"))),
                List.of("localhost", "127.0.0.1"), ForbiddenPorts.parse(List.of("8084", "15432")));

        assertThatThrownBy(() -> guard.resolve("localhost", 8084))
                .isInstanceOfSatisfying(RefusedAddressException.class, e -> assertThat(e.forbiddenPort()).isTrue())
                .hasMessageContaining("Troco's own services");
        assertThatThrownBy(() -> guard.resolve("127.0.0.1", 15432)).isInstanceOf(RefusedAddressException.class);
        assertThat(guard.resolve("localhost", 9000)).hasSize(1);
        assertThat(guard.whyPortRefused("LOCALHOST.", 8084)).isPresent();
        assertThat(guard.whyPortRefused("localhost", 9000)).isEmpty();
    }

    @Test
    void aPublicHostMayUseTheSamePortNumbersUnlessAnEntryNamesIt() throws Exception {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of(
                "loja.example", List.of("93.184.215.14"),
                "notifier.example", List.of("93.184.215.15"))), List.of(),
                ForbiddenPorts.parse(List.of("8084", "notifier.example:8084", "93.184.215.14:9000")));

        assertThat(guard.resolve("loja.example", 8084)).hasSize(1);
        assertThat(guard.whyPortRefused("loja.example", 8084)).isEmpty();
        assertThatThrownBy(() -> guard.resolve("notifier.example", 8084)).isInstanceOf(RefusedAddressException.class);
        assertThat(guard.whyPortRefused("notifier.example", 8084)).isPresent();
        // An address entry catches every name that resolves to it.
        assertThatThrownBy(() -> guard.resolve("loja.example", 9000)).isInstanceOf(RefusedAddressException.class);
    }

    @Test
    void anIpv6LiteralEntryMatchesHoweverTheAddressIsWritten() throws Exception {
        AddressGuard guard = new AddressGuard(FakeDns.of(Map.of()), List.of("::1"),
                ForbiddenPorts.parse(List.of("[::1]:8081")));

        assertThatThrownBy(() -> guard.resolve("[0:0:0:0:0:0:0:1]", 8081)).isInstanceOf(RefusedAddressException.class);
        assertThat(guard.resolve("::1", 8082)).hasSize(1);
    }

    @Test
    void aMalformedForbiddenPortEntryStopsTheService() {
        assertThatThrownBy(() -> ForbiddenPorts.parse(List.of("eighty")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eighty");
        assertThatThrownBy(() -> ForbiddenPorts.parse(List.of("70000"))).isInstanceOf(IllegalArgumentException.class);
    }
}
