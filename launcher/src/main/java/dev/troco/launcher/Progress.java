package dev.troco.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Shows what is being waited for and for how long, so a slow start does not look like a hang. On a terminal
 * the status line is refreshed every second; in a log file a line every ten seconds is plenty.
 */
final class Progress implements AutoCloseable {

    private final Console console;
    /** What is starting, with the System.nanoTime() it began at. */
    private final Map<String, Long> waiting = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "troco-progress");
        thread.setDaemon(true);
        return thread;
    });

    Progress(Console console) {
        this.console = console;
        long period = console.isInteractive() ? 1 : 10;
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
    }

    void begin(String what) {
        synchronized (waiting) {
            waiting.put(what, System.nanoTime());
        }
        refresh();
    }

    /** @return seconds since {@link #begin} */
    double end(String what) {
        Long start;
        synchronized (waiting) {
            start = waiting.remove(what);
        }
        refresh();
        return start == null ? 0 : (System.nanoTime() - start) / 1e9;
    }

    private void tick() {
        String text = describe();
        if (text.isEmpty()) {
            return;
        }
        if (console.isInteractive()) {
            console.status("  starting: " + text);
        } else {
            console.line("  still starting: " + text);
        }
    }

    /** Keeps the status line true right away when something begins or ends, not a second later. */
    private void refresh() {
        String text = describe();
        console.status(text.isEmpty() ? "" : "  starting: " + text);
    }

    private String describe() {
        long now = System.nanoTime();
        synchronized (waiting) {
            return waiting.entrySet().stream()
                    .map(e -> e.getKey() + " " + TimeUnit.NANOSECONDS.toSeconds(now - e.getValue()) + " s")
                    .collect(Collectors.joining(", "));
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        console.status("");
    }
}
