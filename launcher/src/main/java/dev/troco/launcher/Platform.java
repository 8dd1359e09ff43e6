package dev.troco.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * What runs right now, and the one way to stop it: services in reverse start order (so consumers commit and
 * leave their groups while the broker is still there), then the local SMTP server, then Kafka, then PostgreSQL.
 *
 * <p>{@link #stop()} runs from the shutdown hook (Ctrl-C) or after a failed start, possibly while the main
 * thread is still starting things; once it has begun, nothing new starts.
 */
final class Platform {

    private final Console console;
    private final List<ServiceProcess> services = new ArrayList<>();
    private KafkaProcess kafka;
    private EmbeddedDatabase database;
    private LocalMailServer mail;
    private volatile boolean stopping;
    private final CountDownLatch stopped = new CountDownLatch(1);

    Platform(Console console) {
        this.console = console;
    }

    /** Starts something that belongs to the platform; never runs once a stop has begun. */
    @FunctionalInterface
    interface Starter<T> {
        T start() throws LaunchException, InterruptedException;
    }

    KafkaProcess startKafka(Starter<KafkaProcess> starter) throws LaunchException, InterruptedException {
        return start(starter, started -> kafka = started);
    }

    EmbeddedDatabase startDatabase(Starter<EmbeddedDatabase> starter) throws LaunchException, InterruptedException {
        return start(starter, started -> database = started);
    }

    LocalMailServer startMail(Starter<LocalMailServer> starter) throws LaunchException, InterruptedException {
        return start(starter, started -> mail = started);
    }

    ServiceProcess startService(Starter<ServiceProcess> starter) throws LaunchException, InterruptedException {
        return start(starter, services::add);
    }

    /**
     * Starting under the same lock as {@link #stop()} closes the gap between "process started" and "process
     * known": a stop either comes first (and nothing starts) or waits and then stops this too. Otherwise a
     * Ctrl-C at the wrong moment could leave a JVM running after the launcher is gone.
     */
    private synchronized <T> T start(Starter<T> starter, Consumer<T> keep)
            throws LaunchException, InterruptedException {
        if (stopping) {
            throw new LaunchException("Stopped while starting.");
        }
        T started = starter.start();
        keep.accept(started);
        return started;
    }

    boolean isStopping() {
        return stopping;
    }

    /** Stops everything in order; later calls return at once. */
    synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        boolean anything = kafka != null || database != null || mail != null || !services.isEmpty();
        if (anything) {
            console.status("");
            console.line("");
            console.line("Stopping Troco...");
        }
        // Reverse start order, the gateway first. Services started side by side join the list in whichever
        // order they came up, so the order comes from TrocoService, not from the list.
        services.stream()
                .sorted(Comparator.comparing((ServiceProcess s) -> s.service()).reversed())
                .forEach(service -> timed(service.service().moduleName(), service::stop));
        // After the services: mail they sent while stopping is still received and saved.
        if (mail != null) {
            timed("SMTP (local)", mail::close);
        }
        if (kafka != null) {
            timed("Kafka", kafka::stop);
        }
        if (database != null) {
            timed("PostgreSQL", database::stop);
        }
        if (anything) {
            console.line("Stopped.");
        }
        stopped.countDown();
    }

    /** Blocks the caller (the main thread, once everything is up) until the platform has been stopped. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** After start-up: a child that exits on its own is reported, with its log, while the others keep running. */
    synchronized void reportUnexpectedExits() {
        List<ChildProcess> children = new ArrayList<>();
        services.forEach(s -> children.add(s.process()));
        if (kafka != null) {
            children.add(kafka.process());
        }
        for (ChildProcess child : children) {
            child.process().onExit().thenRun(() -> {
                if (!stopping) {
                    console.line("");
                    console.line("!! " + child.name() + " exited on its own (exit code "
                            + child.process().exitValue() + "); the rest keeps running. Ctrl-C stops everything.");
                    child.tail(30).forEach(console::line);
                }
            });
        }
    }

    private void timed(String name, Runnable stop) {
        long start = System.nanoTime();
        stop.run();
        console.line(String.format("  %-21s stopped in %.1f s", name, (System.nanoTime() - start) / 1e9));
    }
}
