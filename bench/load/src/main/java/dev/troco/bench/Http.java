package dev.troco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** JSON over the JDK's HTTP/1.1 client: blocking calls for set-up, asynchronous ones under load. */
final class Http implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    record Answer(int status, JsonNode body) {
        String text(String field) {
            return body.path(field).asText();
        }
    }

    private final String base;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "bench-http");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client;

    Http(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    Answer call(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpResponse<String> response = client.send(request(method, path, body, headers),
                    HttpResponse.BodyHandlers.ofString());
            return answer(response);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Calls and requires one of the wanted statuses, with the answer's body in the error otherwise. */
    Answer expect(String what, int wanted, String method, String path, Object body, Map<String, String> headers) {
        Answer answer = call(method, path, body, headers);
        if (answer.status() != wanted) {
            throw new IllegalStateException(what + ": HTTP " + answer.status() + " " + answer.body());
        }
        return answer;
    }

    CompletableFuture<Answer> send(String method, String path, Object body, Map<String, String> headers) {
        return client.sendAsync(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString())
                .thenApply(Http::answer);
    }

    private HttpRequest request(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        try {
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        builder.header("Content-Type", "application/json");
        headers.forEach(builder::header);
        return builder.build();
    }

    private static Answer answer(HttpResponse<String> response) {
        String text = response.body();
        JsonNode node;
        try {
            node = text == null || text.isEmpty() ? NullNode.instance : JSON.readTree(text);
        } catch (IOException e) {
            node = NullNode.instance;
        }
        return new Answer(response.statusCode(), node);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
