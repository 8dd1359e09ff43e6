package dev.troco.launcher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts services a few at a time and waits for each to be ready. On two cores, starting all five at once
 * makes each 3-4 times slower than alone; a small window keeps the CPU busy while one service waits on I/O.
 */
final class ServiceStarter {

    private final Platform platform;
    private final Console console;
    private final Progress progress;
    private final ReadinessWaiter waiter;
    private final int parallelStarts;
    private final Duration timeout;
    private final LocalSecrets secrets;
    private final PortPlan ports;

    ServiceStarter(Platform platform, Console console, Progress progress, ReadinessWaiter waiter,
                   int parallelStarts, Duration timeout, LocalSecrets secrets, PortPlan ports) {
        this.platform = platform;
        this.console = console;
        this.progress = progress;
        this.waiter = waiter;
        this.parallelStarts = parallelStarts;
        this.timeout = timeout;
        this.secrets = secrets;
        this.ports = ports;
    }

    void startAll(List<TrocoService> services, TrocoPaths paths, PostgresServer postgres, String kafka)
            throws LaunchException, InterruptedException {
        if (services.isEmpty()) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallelStarts, task -> {
            Thread thread = new Thread(task, "troco-start-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<Void> starts = new ExecutorCompletionService<>(pool);
            for (TrocoService service : services) {
                starts.submit(() -> {
                    startOne(service, paths, postgres, kafka);
                    return null;
                });
            }
            // Completion order, not submission order: the first failure ends the wait at once.
            for (int i = 0; i < services.size(); i++) {
                try {
                    starts.take().get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof LaunchException failure) {
                        throw failure;
                    }
                    throw new LaunchException("Starting the services failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow(); // interrupts the other waits after a failure
        }
    }

    private void startOne(TrocoService service, TrocoPaths paths, PostgresServer postgres, String kafka)
            throws LaunchException, InterruptedException {
        String name = service.moduleName();
        progress.begin(name);
        try {
            ServiceProcess process = platform.startService(() -> ServiceProcess.start(service, paths, postgres, kafka, secrets, ports));
            process.awaitReady(waiter, timeout);
        } catch (LaunchException | InterruptedException | RuntimeException e) {
            progress.end(name);
            throw e;
        }
        double seconds = progress.end(name);
        console.line(String.format("  %-21s ready in %4.1f s   http://localhost:%d", name, seconds, ports.service(service)));
    }
}
