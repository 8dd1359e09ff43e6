package dev.troco.testing;

/**
 * The Kafka broker of this test JVM, as tests reached it before there was a container path:
 * whichever broker {@link TestBackend} chose ({@link InJvmKafka} or {@link ContainerKafka}), not
 * necessarily an embedded one. It stays so that test classes compiled against it keep working.
 *
 * @deprecated use {@link TestKafka#shared()}
 */
@Deprecated
public final class EmbeddedKafka implements TestKafka {

    private final TestKafka broker;

    private EmbeddedKafka(TestKafka broker) {
        this.broker = broker;
    }

    /** The broker of this test JVM, started on first use (see {@link TestKafka#shared()}). */
    public static EmbeddedKafka shared() {
        return new EmbeddedKafka(TestKafka.shared());
    }

    /** Stops the broker of this test JVM, if any (see {@link TestKafka#stopShared()}). */
    public static void stopShared() {
        TestKafka.stopShared();
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public TcpProxy networkProxy() {
        return broker.networkProxy();
    }
}
