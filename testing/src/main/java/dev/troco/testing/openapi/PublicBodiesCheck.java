package dev.troco.testing.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The bodies merchants get from a service through the gateway are the ones the public OpenAPI document describes.
 * The gateway passes some answers of the services through as they are (a charge, webhook endpoints, events, IPNs,
 * notification settings, the dashboard) and its own tests answer them from stand-ins; so in the service's own tests,
 * every JSON body received from such an internal endpoint is validated, as it arrives, against the schema the public
 * document gives the operation it becomes ({@link #publicPath}): a mismatch fails the test that received it, naming
 * the field.
 *
 * <p>A service's subclass is a JUnit extension registered for every test class of its module (ServiceLoader and
 * {@code junit-platform.properties}); it installs one RestAssured filter per JVM. The document is the gateway's
 * {@code openapi} artifact, which the service's build copies to the path in the system property
 * {@code troco.public-openapi}.
 */
public abstract class PublicBodiesCheck implements BeforeAllCallback {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean installed;

    /** The public path an internal one of this service becomes through the gateway; null if it is not passed through. */
    protected abstract String publicPath(String internalPath);

    /**
     * Installs the filter in the class loader the test class was loaded by: a {@code @QuarkusTest} runs in Quarkus's
     * own loader, with its own RestAssured, so the filter is installed by this class as that loader sees it.
     */
    @Override
    public void beforeAll(ExtensionContext context) throws ReflectiveOperationException {
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        Class<?> here = Class.forName(getClass().getName(), true, loader);
        Object check = here.getDeclaredConstructor().newInstance();
        here.getMethod("install").invoke(check);
    }

    /** Installs the filter once for the class loader this class was loaded by. */
    public void install() {
        synchronized (PublicBodiesCheck.class) {
            if (installed) {
                return;
            }
            String document = System.getProperty("troco.public-openapi");
            if (document == null || !Files.isRegularFile(Path.of(document))) {
                throw new IllegalStateException("The gateway's public OpenAPI document is not at " + document
                        + " (the build copies it there from the api-gateway openapi artifact)");
            }
            RestAssured.filters(new Check(OpenApiBodies.read(Path.of(document)), this));
            installed = true;
        }
    }

    private record Check(OpenApiBodies bodies, PublicBodiesCheck paths) implements Filter {

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            Response answer = context.next(request, response);
            String publicPath = paths.publicPath(URI.create(request.getURI()).getRawPath());
            String type = answer.getContentType();
            if (publicPath == null || type == null || !type.contains("json")) {
                return answer;
            }
            String mediaType = type.split(";", 2)[0].trim();
            String status = Integer.toString(answer.getStatusCode());
            OpenApiBodies.Operation operation = bodies.match(request.getMethod(), publicPath).orElse(null);
            if (operation == null || !bodies.hasSchema(operation, status, mediaType)) {
                return answer;
            }
            JsonNode body;
            try {
                body = JSON.readTree(answer.asString());
            } catch (IOException e) {
                throw new AssertionError(operation + " answered " + status + " with a body that is not JSON", e);
            }
            List<String> problems = bodies.problems(operation, status, mediaType, body);
            if (!problems.isEmpty() && Boolean.getBoolean("troco.public-bodies.report-only")) {
                // for surveying a module's mismatches in one run: printed, not failed on
                System.out.println("[openapi-mismatch] " + operation + " " + status + " " + problems);
            } else if (!problems.isEmpty()) {
                throw new AssertionError("The body of " + request.getMethod() + " " + request.getURI() + " (" + status
                        + ", public " + operation + ") does not match the public OpenAPI document: " + problems
                        + "\n" + answer.asString());
            }
            return answer;
        }
    }
}
