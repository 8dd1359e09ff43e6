package dev.troco.launcher;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls until something answers, a deadline passes, or the process behind it dies, whichever comes first.
 * Dying is checked at every poll, so a crashed service fails the start at once instead of after its timeout.
 */
final class ReadinessWaiter {

    /** One attempt; an exception means "not yet" and is reported if the deadline passes. */
    @FunctionalInterface
    interface Probe {
        boolean ready() throws Exception;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Duration pollInterval;

    ReadinessWaiter(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /**
     * @param process the process that must stay alive while waiting, or null when there is none (an external
     *                server)
     */
    void await(String what, Duration timeout, Probe probe, ChildProcess process)
            throws LaunchException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            if (process != null && !process.isAlive()) {
                throw new LaunchException(what + " stopped (exit code " + process.process().exitValue()
                        + ") before it was ready.", process.tail(40));
            }
            try {
                if (probe.ready()) {
                    return;
                }
                lastFailure = null; // answered "not yet": an older exception would only mislead
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                List<String> details = new ArrayList<>();
                if (lastFailure != null) {
                    details.add("Last attempt: " + describe(lastFailure));
                }
                if (process != null) {
                    details.addAll(process.tail(40));
                }
                throw new LaunchException(what + " was not ready after " + timeout.toSeconds() + " s.", details);
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /**
     * Ready when an HTTP GET answers 200: Quarkus' /q/health/ready does once its checks (database, Kafka) pass.
     * Any other answer is kept as the failure to report, body included: it names the check that is DOWN.
     */
    static Probe httpOk(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        return () -> {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                String body = response.body().replaceAll("\\s+", " ").strip();
                throw new IllegalStateException(uri + " answered HTTP " + response.statusCode()
                        + (body.isEmpty() ? "" : ": " + abbreviate(body, 400)));
            }
            return true;
        };
    }

    /** Ready when a TCP connection is accepted: cheap, so tried before anything heavier. */
    static Probe acceptsConnections(String host, int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (ConnectException e) {
                return false;
            }
        };
    }

    /** The first message along the cause chain: HTTP and Kafka clients wrap the telling one. */
    private static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "nothing accepts connections on the port yet";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
