package dev.troco.testing;

/** Holds the one broker of {@link TestKafka#shared()}: the container or the embedded one, as chosen. */
final class SharedKafka {

    private static TestKafka running;
    private static Runnable stopper;

    private SharedKafka() {
    }

    static synchronized TestKafka get() {
        if (running == null) {
            if (TestBackend.chosen().kind() == TestBackend.Kind.CONTAINERS) {
                ContainerKafka kafka = ContainerKafka.start();
                running = kafka;
                stopper = kafka::stop;
            } else {
                InJvmKafka kafka = InJvmKafka.start();
                running = kafka;
                stopper = kafka::stop;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stopper, "test-kafka-stop"));
        }
        return running;
    }

    static synchronized void stop() {
        if (running != null) {
            stopper.run();
            running = null;
            stopper = null;
        }
    }
}
