package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the gateway's public OpenAPI document with hostile input (path ids,
 * query values, headers, bodies mutated field by field from the documented example) and asserts that
 * nothing answers 5xx and that every 4xx is a problem document with its status. The choice of
 * mutations is drawn from a seed, printed at the start: {@code -Dtroco.fuzz.seed=N} replays a run.
 *
 * <p>The charge-service and notification-service are stand-ins here (their own validation is tested
 * in their modules); the gateway, its database and the broker are real.
 */
@QuarkusTest
@TestProfile(HostileInputTest.ShortCreateWait.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_hostile"))
@WithTestResource(value = NotificationServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = ChargeServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class HostileInputTest {

    /**
     * No charge-service consumes the commands here: a create that passes validation answers 202 after
     * the wait, which is kept short so that the walk does not spend minutes waiting.
     */
    public static class ShortCreateWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troco.gateway.charges.create-wait-ms", "100");
        }
    }

    private static final Logger LOG = Logger.getLogger(HostileInputTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** How many body mutations each operation gets (drawn from all field x value pairs). */
    private static final int BODY_MUTATIONS_PER_OPERATION = 40;

    /** Path segments, already percent-encoded as a client would send them. */
    private static final List<String> HOSTILE_IDS = List.of("%00", "abc%0Adef", "%FF%FE", "%C0%80", "..%2F..%2Fadmin",
            "x".repeat(3000), "%27%3B%20DROP%20TABLE%20companies%3B--", "-1", "0", "9".repeat(40), "caf%C3%A9",
            "chg_00000000000000000000000000", "%E2%80%AE", "null", "%20");
    /** Query values, already percent-encoded. */
    private static final List<String> HOSTILE_QUERY = List.of("maybe", "-1", "0", "1.5", "1e309", "%00",
            "2026-02-30T25:00:00Z", "2026-13-01T00:00:00Z", "9".repeat(30), "y".repeat(3000), "%FF", "true%00", "",
            "%5B%5D", "NaN");
    /** Whole bodies that are not the documented object. */
    private static final List<String> HOSTILE_BODIES = List.of("", "{", "[]", "null", "\"text\"", "12", "{}",
            "[".repeat(5000), "{\"a\":1} trailing", "{\"unknownFieldXyz\": 1}", "\u0000");

    @Inject
    TestClock clock;

    record Credentials(String apiKey, String session, String admin) {
    }

    record Operation(String method, String path, JsonNode details) {
        String name() {
            return method.toUpperCase() + " " + path;
        }
    }

    @Test
    void noOperationAnswers5xxAndEvery4xxIsAProblem() throws Exception {
        long seed = Long.getLong("troco.fuzz.seed", System.currentTimeMillis());
        LOG.infof("HostileInputTest seed %d (replay with -Dtroco.fuzz.seed=%d)", seed, seed);
        Random random = new Random(seed);

        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN", "PAYOUT", "KYC", "DATA_COLLECT",
                "PIX_KEY_VALIDATION");
        String apiUser = fixture.createApiUser(company, "charges:create", "charges:refund", "transactions:read",
                "notifications:manage", "statement:view", "payouts:create", "kyc:documents-insert",
                "data:collect-create", "pix:keys-validate");
        String key = fixture.createKey(company, apiUser, "SANDBOX", List.of("127.0.0.1", "::1"))
                .then().statusCode(201).extract().path("secret");
        Credentials credentials = new Credentials(key, company.moderator().session(), GatewayFixture.ADMIN_TOKEN);

        JsonNode document = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                operations.add(new Operation(op.getKey(), path.getKey(), op.getValue()));
            }
        }));
        assertThat(operations).hasSizeGreaterThan(40);

        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Operation operation : operations) {
            if (skipped(operation)) {
                continue;
            }
            String auth = authFor(operation, credentials, company.companyId());
            if (operation.name().equals("POST /v1/charges")) {
                assertThat(auth).as("the merchant API is walked with the API key").isEqualTo(key);
            }
            String example = exampleBody(operation);
            // hostile path ids, one parameter at a time (the company id stays real, so checks go deeper)
            for (String param : parameters(operation, "path")) {
                for (String value : pick(HOSTILE_IDS, 6, random)) {
                    String path = fill(operation.path(), company.companyId(), Map.of(param, value));
                    requests++;
                    check(failures, operation, "path " + param + "=" + shorten(value),
                            send(operation, path, auth, example, Map.of()));
                }
            }
            String path = fill(operation.path(), company.companyId(), Map.of());
            // hostile query values
            for (String param : parameters(operation, "query")) {
                for (String value : pick(HOSTILE_QUERY, 6, random)) {
                    requests++;
                    check(failures, operation, "query " + param + "=" + shorten(value),
                            send(operation, path + "?" + param + "=" + value, auth, example, Map.of()));
                }
            }
            // hostile headers
            for (Map.Entry<String, String> header : List.of(
                    Map.entry("Idempotency-Key", "k".repeat(300)),
                    Map.entry("Idempotency-Key", ""),
                    Map.entry("Accept", "application/xml"),
                    Map.entry("Content-Type", "text/plain"))) {
                requests++;
                check(failures, operation, "header " + header.getKey() + "=" + shorten(header.getValue()),
                        send(operation, path, auth, example, Map.of(header.getKey(), header.getValue())));
            }
            if (example == null) {
                continue;
            }
            // hostile whole bodies, then the example mutated one field at a time
            for (String body : HOSTILE_BODIES) {
                requests++;
                check(failures, operation, "body " + shorten(body), send(operation, path, auth, body, Map.of()));
            }
            JsonNode tree = JSON.readTree(example);
            List<String> mutations = new ArrayList<>();
            for (String pointer : leaves(tree, "")) {
                for (JsonNode value : hostileValues(tree.at(pointer))) {
                    mutations.add(pointer + "\u0001" + value.toString());
                }
            }
            for (String mutation : pick(mutations, BODY_MUTATIONS_PER_OPERATION, random)) {
                String[] parts = mutation.split("\u0001", 2);
                JsonNode mutated = replace(tree.deepCopy(), parts[0], JSON.readTree(parts[1]));
                requests++;
                check(failures, operation, "field " + parts[0] + "=" + shorten(parts[1]),
                        send(operation, path, auth, JSON.writeValueAsString(mutated), Map.of()));
            }
            if (tree.isObject() && tree.size() > 0) {
                String first = tree.fieldNames().next();
                String duplicated = "{\"" + first + "\": " + tree.get(first) + ", " + example.trim().substring(1);
                requests++;
                check(failures, operation, "duplicate key " + first, send(operation, path, auth, duplicated, Map.of()));
            }
        }
        LOG.infof("HostileInputTest sent %d requests to %d operations, seed %d", requests, operations.size(), seed);
        assertThat(failures).as("seed " + seed).isEmpty();
    }

    @Test
    void whatIntegratorsTriedIsRefusedWithTheFieldNamed() {
        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUser = fixture.createApiUser(company, "charges:create", "transactions:read", "notifications:manage");
        String key = fixture.createKey(company, apiUser, "SANDBOX", List.of("127.0.0.1", "::1"))
                .then().statusCode(201).extract().path("secret");
        String charge = """
                {"method": "pix", "customNumber": "ORDER-1", "callbackUrl": %s,
                 "title": {"expireDate": %s, "amountInCents": %s},
                 "buyer": {"name": "Maria da Silva", "document": "349.608.263-12", "email": "maria@example.com"}}""";
        Map<String, String[]> refused = new java.util.LinkedHashMap<>();
        refused.put("title.amountInCents", new String[] {"\"https://shop.example/hook\"", "\"2099-12-31T23:59:59\"", "10.5"});
        refused.put("title.amountInCents ", new String[] {"\"https://shop.example/hook\"", "\"2099-12-31T23:59:59\"", "\"1000\""});
        refused.put("title.expireDate", new String[] {"\"https://shop.example/hook\"", "\"2027-02-30T10:00:00\"", "1000"});
        refused.put("callbackUrl", new String[] {"\"http://169.254.169.254/latest/meta-data\"", "\"2099-12-31T23:59:59\"", "1000"});
        refused.put("callbackUrl ", new String[] {"\"https://[::ffff:10.0.0.1]/hook\"", "\"2099-12-31T23:59:59\"", "1000"});
        refused.put("callbackUrl  ", new String[] {"\"https://shop.example/a\\u0000b\"", "\"2099-12-31T23:59:59\"", "1000"});
        refused.forEach((field, values) -> given().header("Authorization", "Bearer " + key)
                .contentType("application/json").body(charge.formatted((Object[]) values))
                .post("/v1/charges")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo(field.strip())));
        given().header("Authorization", "Bearer " + key).get("/v1/charges?createdFrom=2026-02-30T10:00:00Z")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("createdFrom"));
        given().header("Authorization", "Bearer " + key).urlEncodingEnabled(false).get("/v1/charges/chg%00x")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("invalid_characters"));
        given().header("Authorization", "Bearer " + key).get("/v1/events?undelivered=maybe")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("'maybe' is not a boolean"));
    }

    /** Operations whose success would end the test's own session, or that stream forever. */
    private static boolean skipped(Operation operation) {
        String produces = operation.details().path("responses").toString();
        return operation.path().endsWith("/logout") || produces.contains("text/event-stream");
    }

    private static void check(List<String> failures, Operation operation, String variant, Response response) {
        int status = response.statusCode();
        String contentType = response.contentType() == null ? "" : response.contentType();
        String what = operation.name() + " [" + variant + "] -> " + status + " " + shorten(response.asString());
        if (status >= 500) {
            failures.add(what);
        } else if (status >= 400 && !contentType.startsWith("text/html")) {
            if (!contentType.startsWith("application/problem+json")) {
                failures.add(what + " (content type " + contentType + ")");
                return;
            }
            try {
                JsonNode problem = JSON.readTree(response.asString());
                // seed 003's /payment/initiate keeps its "status": "error" member; the HTTP status says the rest
                boolean statusMember = problem.path("status").isInt() ? problem.path("status").asInt() == status
                        : operation.path().equals("/payment/initiate") && problem.path("status").asText().equals("error");
                if (!statusMember || !problem.path("type").asText().startsWith("https://troco.dev/problems/")) {
                    failures.add(what + " (problem without its status or type)");
                }
            } catch (Exception e) {
                failures.add(what + " (problem is not JSON)");
            }
        }
    }

    private Response send(Operation operation, String path, String auth, String body, Map<String, String> headers) {
        RequestSpecification request = given()
                .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 15_000).setParam("http.connection.timeout", 5_000)))
                .urlEncodingEnabled(false)
                .header("Idempotency-Key", "fuzz-" + java.util.UUID.randomUUID());
        if (auth != null) {
            request.header("Authorization", "Bearer " + auth);
        }
        boolean hasBody = !operation.method().equals("get") && !operation.method().equals("delete");
        if (hasBody) {
            request.header("Content-Type", "application/json");
            request.body(body == null ? "{}" : body);
        }
        headers.forEach((name, value) -> {
            if (name.equals("Content-Type")) {
                request.contentType(value);
            } else {
                request.header(name, value);
            }
        });
        return request.request(operation.method().toUpperCase(), path);
    }

    /**
     * The credential an operation takes: tried in turn with the documented example until one is not
     * refused as a credential (the operations of one kind share it; a wrong guess only weakens the test).
     */
    private String authFor(Operation operation, Credentials credentials, String companyId) {
        if (operation.path().startsWith("/admin/")) {
            return credentials.admin();
        }
        String path = fill(operation.path(), companyId, Map.of());
        for (String candidate : new String[] {credentials.apiKey(), credentials.session()}) {
            Response response = send(operation, path, candidate, exampleBody(operation), Map.of());
            String code = response.contentType() != null && response.contentType().contains("json")
                    ? response.jsonPath().getString("code") : null;
            if (response.statusCode() != 401 && !"missing_permission".equals(code)) {
                return candidate;
            }
        }
        return credentials.session();
    }

    private static String exampleBody(Operation operation) {
        JsonNode json = operation.details().path("requestBody").path("content").path("application/json");
        if (json.isMissingNode()) {
            return null;
        }
        Iterator<JsonNode> examples = json.path("examples").elements();
        if (examples.hasNext()) {
            JsonNode value = examples.next().path("value");
            return value.isTextual() ? value.asText() : value.toString();
        }
        return "{}";
    }

    private static List<String> parameters(Operation operation, String in) {
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : operation.details().path("parameters")) {
            if (in.equals(parameter.path("in").asText())) {
                names.add(parameter.path("name").asText());
            }
        }
        if (in.equals("path")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}:]+)").matcher(operation.path());
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The path with the company's real id and plausible ids that exist nowhere, but {@code overrides}. */
    private static String fill(String template, String companyId, Map<String, String> overrides) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}:]+)[^}]*}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = overrides.containsKey(name) ? overrides.get(name)
                    : name.equals("companyId") ? companyId
                    : name.equals("action") ? "enable"
                    : name.equals("eventType") ? "charge.paid"
                    : "id_00000000000000000000000000";
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> leaves(JsonNode node, String pointer) {
        List<String> found = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(e -> found.addAll(leaves(e.getValue(), pointer + "/" + e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(leaves(node.get(i), pointer + "/" + i));
            }
            found.add(pointer);
        } else {
            found.add(pointer);
        }
        return found;
    }

    private static List<JsonNode> hostileValues(JsonNode original) {
        List<JsonNode> values = new ArrayList<>(List.of(
                NODES.textNode("a\u0000b"), NODES.textNode("x\u001Fy"), NODES.textNode("\uD800"),
                NODES.numberNode(10.5), NODES.numberNode(-1), NODES.numberNode(0),
                NODES.numberNode(new BigInteger("99999999999999999999999")),
                NODES.numberNode(new BigDecimal("1E+309")), NODES.booleanNode(true), NODES.nullNode(),
                NODES.objectNode(), NODES.arrayNode(), NODES.textNode("z".repeat(100_000)),
                NODES.textNode("2026-02-30T25:61:00"), NODES.textNode("http://169.254.169.254/latest/meta-data"),
                NODES.textNode("https://exa\u0000mple.com/"), NODES.textNode("javascript:alert(1)"),
                NODES.textNode("")));
        if (original.isNumber()) {
            values.add(NODES.textNode(original.asText()));
        } else if (original.isTextual() && original.asText().matches("-?[0-9]{1,18}")) {
            values.add(NODES.numberNode(Long.parseLong(original.asText())));
        }
        ArrayNode nested = NODES.arrayNode();
        nested.add(original);
        values.add(nested);
        return values;
    }

    private static JsonNode replace(JsonNode root, String pointer, JsonNode value) {
        if (pointer.isEmpty()) {
            return value;
        }
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        }
        return root;
    }

    private static <T> List<T> pick(List<T> all, int count, Random random) {
        List<T> copy = new ArrayList<>(all);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }

    private static String shorten(String text) {
        String shown = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 160 ? shown.substring(0, 160) + "...(" + shown.length() + ")" : shown;
    }
}
