package dev.troco.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aListeningPortIsInUseOnItsAddressAndOnAllAddresses() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();

            assertThat(Ports.isFree("127.0.0.1", port)).isFalse();
            assertThat(Ports.isFree("0.0.0.0", port)).isFalse();
        }
    }

    @Test
    void aClosedPortIsFreeAgain() throws IOException {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }

        assertThat(Ports.isFree("127.0.0.1", port)).isTrue();
    }

    @Test
    void requireFreeNamesEveryTakenPortAndWhatWantedIt() throws IOException {
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Ports.Claim> claims = List.of(
                    new Ports.Claim("127.0.0.1", first.getLocalPort(), "Kafka broker", "or use --kafka=HOST:PORT"),
                    new Ports.Claim("0.0.0.0", second.getLocalPort(), "charge-service"));

            assertThatThrownBy(() -> Ports.requireFree(claims))
                    .isInstanceOf(LaunchException.class)
                    .hasMessage("Ports already in use:")
                    .satisfies(e -> assertThat(((LaunchException) e).details())
                            .anyMatch(line -> line.contains(first.getLocalPort() + "") && line.contains("Kafka broker")
                                    && line.contains("--kafka"))
                            .anyMatch(line -> line.contains(second.getLocalPort() + "") && line.contains("charge-service"))
                            .anyMatch(line -> line.contains("another Troco launcher")));
        }
    }

    @Test
    void requireFreePassesWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertThatCode(() -> Ports.requireFree(List.of(new Ports.Claim("127.0.0.1", port, "test"))))
                .doesNotThrowAnyException();
    }
}
