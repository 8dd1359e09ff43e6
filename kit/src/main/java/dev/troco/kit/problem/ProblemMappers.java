package dev.troco.kit.problem;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure that reaches the REST layer to a problem document: precise codes for what the
 * caller got wrong, {@code internal_error} (logged with the request id, never with a stack trace in
 * the answer) for what we got wrong.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ProblemWriter writer;

    ProblemMappers(ProblemWriter writer) {
        this.writer = writer;
    }

    @ServerExceptionMapper
    public Response apiException(ApiException e, HttpServerRequest request) {
        Response answer = answer(e.problemCode(), e.getMessage(), request, e.errors());
        return e.retryAfterSeconds() > 0
                ? Response.fromResponse(answer).header("Retry-After", Long.toString(e.retryAfterSeconds())).build()
                : answer;
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), constraintCode(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return answer(ProblemCode.VALIDATION_FAILED, "The request has invalid fields", request, errors);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, HttpServerRequest request) {
        String field = jsonPath(e);
        return answer(ProblemCode.UNKNOWN_FIELD, "Unknown field '" + field + "'", request,
                List.of(new Problem.FieldError(field, "unknown_field", "this field is not part of the request")));
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return answer(ProblemCode.MALFORMED_JSON, "The body does not have the expected JSON shape", request, List.of());
        }
        if (e instanceof InvalidFormatException && e.getTargetType() == String.class) {
            // text of the right type holding what no field may hold (StrictJson.CleanText)
            String why = e.getOriginalMessage();
            return answer(ProblemCode.INVALID_CHARACTERS, "Field '" + field + "': " + why, request,
                    List.of(new Problem.FieldError(field, "invalid_characters", why)));
        }
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return answer(ProblemCode.INVALID_FIELD_TYPE, "Field '" + field + "' must be " + expected, request,
                List.of(new Problem.FieldError(field, "invalid_type", "must be " + expected)));
    }

    @ServerExceptionMapper
    public Response otherJson(JacksonException e, HttpServerRequest request) {
        if (e instanceof JsonMappingException mapping && !(e instanceof MismatchedInputException)
                && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping);
            return answer(ProblemCode.INVALID_FIELD_TYPE, "Field '" + field + "' has an invalid value", request,
                    List.of(new Problem.FieldError(field, "invalid_value", "has an invalid value")));
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        String why = e.getOriginalMessage() == null ? "" : ": " + e.getOriginalMessage().lines().findFirst().orElse("");
        return answer(ProblemCode.MALFORMED_JSON, "The body is not valid JSON" + why + where, request, List.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            return unknownField(u, request);
        }
        if (cause instanceof MismatchedInputException m) {
            return mismatchedInput(m, request);
        }
        if (cause instanceof JsonProcessingException j) {
            return otherJson(j, request);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 404 && (cause instanceof IllegalArgumentException)) {
            // JAX-RS answers 404 when a query or path parameter cannot be converted; the caller sent a bad value.
            return answer(ProblemCode.BAD_REQUEST, "A parameter has an invalid value: " + cause.getMessage(),
                    request, List.of());
        }
        ProblemCode code = ProblemCode.forStatus(status);
        if (status >= 500) {
            return internal(e, request);
        }
        String detail = switch (code) {
            case NOT_FOUND -> "No resource at " + request.method() + " " + request.path();
            case METHOD_NOT_ALLOWED -> request.method() + " is not allowed on " + request.path();
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type '" + request.getHeader("Content-Type")
                    + "' is not accepted here; send application/json";
            case NOT_ACCEPTABLE -> "This resource answers application/json only";
            default -> code.title();
        };
        Response response = answer(code, detail, request, List.of());
        if (e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
            return Response.fromResponse(response).header("Allow", e.getResponse().getHeaderString("Allow")).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (clientWentAway(e)) {
            // the client (or our slow-body guard) closed the connection while its body was read: nobody to answer
            LOG.debugf("connection closed while %s %s was read", request.method(), request.path());
            return answer(ProblemCode.REQUEST_TIMEOUT, "The connection closed before the request arrived", request,
                    List.of());
        }
        return internal(e, request);
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private Response internal(Throwable e, HttpServerRequest request) {
        String requestId = RequestIds.of(request);
        LOG.errorf(e, "unexpected failure on %s %s (request %s)", request.method(), request.path(), requestId);
        return writer.response(writer.problem(ProblemCode.INTERNAL_ERROR,
                "Something went wrong on our side; quote request id " + requestId + " to support",
                request.path(), requestId, null));
    }

    private Response answer(ProblemCode code, String detail, HttpServerRequest request, List<Problem.FieldError> errors) {
        return writer.response(writer.problem(code, detail, request.path(), RequestIds.of(request), errors));
    }

    /**
     * The JSON path of a Jackson failure, e.g. {@code title.amountInCents} or {@code items[2].id}.
     * Jackson's own reference chain loses the outer names for records built through their
     * constructor, so the parser's position is used when it says more.
     */
    static String jsonPath(JsonMappingException e) {
        String fromReferences = pathOf(e.getPath());
        String fromParser = e.getProcessor() instanceof JsonParser parser
                ? pathOf(parser.getParsingContext()) : "";
        return fromParser.length() > fromReferences.length() ? fromParser : fromReferences;
    }

    private static String pathOf(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String pathOf(JsonStreamContext context) {
        java.util.Deque<JsonStreamContext> chain = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inObject() && c.getCurrentName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The request field a violation is about, without the Java method and parameter names. */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getName() == null || node.getName().startsWith("<")) {
                if (node.getIndex() != null) {
                    path.append('[').append(node.getIndex()).append(']');
                }
                continue;
            }
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(node.getName());
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
        }
        if (path.isEmpty()) {
            return parameter == null ? "" : parameter;
        }
        return path.toString();
    }

    private static String constraintCode(ConstraintViolation<?> violation) {
        String annotation = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return annotation.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == java.math.BigDecimal.class || type == Double.class || type == double.class) {
            return "a number";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO 8601 date-time";
        }
        return "an object";
    }
}
