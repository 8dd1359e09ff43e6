package dev.troco.gateway.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Test-only: keeps a few JSON bodies of every kind of answer the gateway's resources write in the test suite
 * (method, raw path, status, media type, body), so that {@code OpenApiAnswersIT} can check each against the schema
 * the OpenAPI document gives that answer. Bodies written by the HTTP layer itself (before any resource) are not
 * seen here; their statuses are checked through {@link AnswerRecorder}.
 */
@Provider
@ApplicationScoped
public class BodyRecorder implements ContainerResponseFilter, WriterInterceptor {

    static final String FILE_SUFFIX = "-bodies.jsonl";
    /** Bodies kept per kind of answer (method, path shape, status, media type). */
    private static final int SAMPLES_PER_KIND = 5;
    private static final int BODY_MAX = 256 * 1024;
    private static final String STATUS = BodyRecorder.class.getName() + ".status";
    private static final String METHOD = BodyRecorder.class.getName() + ".method";
    private static final String PATH = BodyRecorder.class.getName() + ".path";
    /** A path segment that is an id, a key or a value rather than a literal of the API. */
    private static final Pattern VARIABLE = Pattern.compile("[a-z]{2,4}_.*|.*\\d.*\\d.*|.*%.*|.{25,}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, AtomicInteger> kept = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        request.setProperty(STATUS, response.getStatus());
        request.setProperty(METHOD, request.getMethod());
        request.setProperty(PATH, request.getUriInfo().getRequestUri().getRawPath());
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        Object status = context.getProperty(STATUS);
        if (type == null || !type.getSubtype().endsWith("json") || !(status instanceof Integer)) {
            context.proceed();
            return;
        }
        String method = (String) context.getProperty(METHOD);
        String path = (String) context.getProperty(PATH);
        String mediaType = type.getType() + "/" + type.getSubtype();
        String kind = String.join(" ", method, shape(path), status.toString(), mediaType);
        if (kept.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet() > SAMPLES_PER_KIND) {
            context.proceed();
            return;
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        OutputStream original = context.getOutputStream();
        context.setOutputStream(new FilterOutputStream(original) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                if (copy.size() < BODY_MAX) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                if (copy.size() < BODY_MAX) {
                    copy.write(bytes, offset, Math.min(length, BODY_MAX - copy.size()));
                }
            }
        });
        try {
            context.proceed();
        } finally {
            context.setOutputStream(original);
        }
        if (copy.size() < BODY_MAX) {
            ObjectNode sample = JSON.createObjectNode().put("method", method).put("path", path)
                    .put("status", status.toString()).put("mediaType", mediaType)
                    .put("body", copy.toString(StandardCharsets.UTF_8));
            samples.add(JSON.writeValueAsString(sample));
        }
    }

    private static String shape(String path) {
        StringBuilder shape = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                shape.append('/').append(VARIABLE.matcher(segment).matches() ? "*" : segment);
            }
        }
        return shape.toString();
    }

    void write(@Observes ShutdownEvent event) {
        List<String> lines = new ArrayList<>(samples);
        try {
            Files.createDirectories(AnswerRecorder.DIRECTORY);
            Files.write(AnswerRecorder.DIRECTORY.resolve(UUID.randomUUID() + FILE_SUFFIX), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bodies the gateway answered", e);
        }
    }
}
