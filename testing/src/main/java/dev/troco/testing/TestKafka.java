package dev.troco.testing;

/**
 * The Kafka broker of a test JVM, wherever it runs ({@link TestBackend}): in a container or inside
 * the JVM, tests see the same thing. Clients reach it through a {@link TcpProxy} on the loopback
 * interface, which a test can cut to simulate an outage.
 */
public interface TestKafka {

    /** The {@code bootstrap.servers} value for clients. */
    String bootstrapServers();

    /** The proxy every client connection goes through; cut it to simulate a broker outage. */
    TcpProxy networkProxy();

    /**
     * The running broker, started on first use. It lives as long as the Quarkus application that
     * asked for it ({@link KafkaTestResource} stops it): its classes belong to that application's
     * class loader, and a broker left running after the loader closes dies on its next class load.
     */
    static TestKafka shared() {
        return SharedKafka.get();
    }

    /** Stops the running broker, if any; the next {@link #shared()} starts a new one. */
    static void stopShared() {
        SharedKafka.stop();
    }
}
