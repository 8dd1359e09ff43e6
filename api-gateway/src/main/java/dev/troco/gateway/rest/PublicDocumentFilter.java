package dev.troco.gateway.rest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Gives every operation of the public document the error answers every operation of its kind can give, each with
 * the problem+json schema ({@code #/components/schemas/Problem}, in {@code META-INF/openapi.yaml}).
 *
 * <p>The statuses that depend on what an operation does (201, 202, 204, 303, 409, 422...) are written on the
 * operation itself. The ones that depend only on the door an operation sits behind come from here, so they are the
 * same everywhere: bad input (400) wherever there is input, the credential's answers (401, 403, 429) for the
 * credential the operation names, 404 for an id in the path, 413 and 415 for a body, 503 everywhere (the only
 * answer that means "retry"). {@code OpenApiAnswersIT} compares the result with what the gateway answered in the
 * test suite.
 */
public class PublicDocumentFilter implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Operation operation : path.getValue().getOperations().values()) {
                complete(path.getKey(), operation);
            }
        }
    }

    private static void complete(String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        for (Map.Entry<String, String> generic : genericAnswers(path, operation).entrySet()) {
            if (!responses.hasAPIResponse(generic.getKey())) {
                responses.addAPIResponse(generic.getKey(), OASFactory.createAPIResponse().description(generic.getValue()));
            }
        }
        boolean page = isPage(path);
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            boolean error = response.getKey().startsWith("4") || response.getKey().startsWith("5");
            if (error && response.getValue().getRef() == null) {
                if (page) {
                    // the page's own errors are pages; the door's (bad characters, media types) are problem+json
                    giveHtml(response.getValue());
                }
                giveProblemSchema(response.getValue());
            }
        }
    }

    /** The statuses the door of this operation answers on its own, with what each means there. */
    static Map<String, String> genericAnswers(String path, Operation operation) {
        Map<String, String> answers = new TreeMap<>();
        String credential = credential(operation);
        boolean body = operation.getRequestBody() != null;
        boolean pathIds = path.contains("{");
        boolean page = isPage(path);
        answers.put("400", "Bad input: malformed JSON, a value of the wrong type or out of range, an unknown field, "
                + "control characters in a path, query or body (errors[] names each field)");
        switch (credential) {
            case ApiSecurity.API_KEY -> {
                answers.put("401", "invalid_api_key: no key, an unknown, revoked or expired one");
                answers.put("403", "ip_not_allowed (this address is not on the key's list) or missing_permission "
                        + "(the key's API user lacks the permission this call needs)");
                answers.put("429", "quota_exceeded: the key's or the company's rate limit; Retry-After says when");
            }
            case ApiSecurity.SESSION -> {
                answers.put("401", "invalid_session: no session, an unknown or ended one");
                answers.put("403", "moderator_required, not_a_member, or invalid_totp where a code is asked");
                answers.put("404", "not_found: no such resource, or a company the person is not in");
                answers.put("429", "too many failed attempts; Retry-After says when");
            }
            case ApiSecurity.ADMIN_TOKEN -> {
                answers.put("401", "missing_admin_token or invalid_admin_token");
                answers.put("404", "not_found: no such company; or, where an operator port is set (Compose, "
                        + "Kubernetes), any admin call on the public port: the admin API is served on the operator port");
                answers.put("429", "too many wrong admin tokens; Retry-After says when");
            }
            default -> {
                // public: what the operation answers is written on it
            }
        }
        if (pathIds) {
            answers.put("404", page ? "No such page (an unknown or expired key)"
                    : "not_found: no such resource, or one of another company or environment");
        }
        if (body) {
            answers.put("408", "request_timeout: the body did not arrive in time");
            answers.put("413", "payload_too_large: the body is over the size limit");
        }
        answers.put("406", "not_acceptable: the Accept header names no media type this operation answers with");
        answers.put("415", "unsupported_media_type: a body or Content-Type this operation does not take");
        answers.put("503", "service_unavailable: Troco cannot take this now (a dependency is down or the gateway "
                + "sheds load); retry after Retry-After");
        return answers;
    }

    /** The pages buyers and e-mail recipients open in a browser: they answer errors as HTML pages. */
    static boolean isPage(String path) {
        return path.startsWith("/checkout/") || path.startsWith("/email-recipients/");
    }

    static String credential(Operation operation) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            return "none";
        }
        List<String> names = List.copyOf(operation.getSecurity().get(0).getSchemes().keySet());
        return names.isEmpty() ? "none" : names.get(0);
    }

    private static void giveHtml(APIResponse response) {
        Content content = response.getContent();
        if (content == null) {
            content = OASFactory.createContent();
            response.setContent(content);
        }
        if (!content.hasMediaType("text/html")) {
            content.addMediaType("text/html", OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)));
        }
    }

    private static void giveProblemSchema(APIResponse response) {
        Content content = response.getContent();
        if (content != null && content.hasMediaType(dev.troco.kit.problem.Problem.MEDIA_TYPE)) {
            return;
        }
        if (content == null) {
            content = OASFactory.createContent();
            response.setContent(content);
        }
        MediaType problem = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
        content.addMediaType(dev.troco.kit.problem.Problem.MEDIA_TYPE, problem);
    }
}
