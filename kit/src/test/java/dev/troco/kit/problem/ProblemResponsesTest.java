package dev.troco.kit.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Every kind of bad request gets a precise RFC 9457 answer with a request id, and no stack trace. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "kit"))
class ProblemResponsesTest {

    private static final String VALID = """
            {"customNumber": "ORDER-1", "title": {"amountInCents": 8652, "instructions": "thanks"}}""";

    @Test
    void validBodyPassesAndCarriesARequestId() {
        given().contentType(ContentType.JSON).body(VALID)
                .post("/probe/orders")
                .then().statusCode(200)
                .header("Request-Id", matchesPattern("req_[0-9a-z]{26}"))
                .body("title.amountInCents", equalTo(8652));
    }

    @Test
    void callersRequestIdIsKeptAndAHostileOneReplaced() {
        given().header("Request-Id", "merchant-trace-42").get("/probe/orders/x")
                .then().header("Request-Id", equalTo("merchant-trace-42"))
                .body("requestId", equalTo("merchant-trace-42"));
        given().header("Request-Id", "bad id\r\nwith spaces").get("/probe/orders/x")
                .then().header("Request-Id", matchesPattern("req_[0-9a-z]{26}"));
    }

    @Test
    void invalidFieldsAreListedOneByOne() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": " ", "title": {"amountInCents": -5, "instructions": "far too long text"},
                         "splits": [10, -1]}""")
                .post("/probe/orders")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://troco.dev/problems/validation-failed"))
                .body("code", equalTo("validation_failed"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/probe/orders"))
                .body("requestId", notNullValue())
                .body("errors", hasSize(4))
                .body("errors.find { it.field == 'customNumber' }.code", equalTo("not_blank"))
                .body("errors.find { it.field == 'title.amountInCents' }.code", equalTo("positive"))
                .body("errors.find { it.field == 'title.instructions' }.code", equalTo("size"))
                .body("errors.find { it.field == 'splits[1]' }.code", equalTo("positive"));
    }

    @Test
    void missingBodyIsAValidationFailure() {
        given().contentType(ContentType.JSON).post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void unknownFieldIsNamed() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": 1, "discount": 5}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("unknown_field"))
                .body("errors[0].field", equalTo("title.discount"));
    }

    @Test
    void wrongTypeIsNamedWithWhatWasExpected() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": "lots"}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_field_type"))
                .body("errors[0].field", equalTo("title.amountInCents"))
                .body("errors[0].message", equalTo("must be an integer"));
    }

    @Test
    void overflowingAmountIsRefusedNotWrapped() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": 99999999999999999999999}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("title.amountInCents"));
    }

    @Test
    void malformedJsonSaysWhere() {
        given().contentType(ContentType.JSON).body("{\"customNumber\": \"ORDER-1\", ")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_json"));
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeItIsRead() {
        String huge = "{\"customNumber\": \"" + "x".repeat(4096) + "\"}";
        given().contentType(ContentType.JSON).body(huge)
                .post("/probe/orders")
                .then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("payload_too_large"))
                .header("Request-Id", notNullValue());
    }

    @Test
    void unsupportedMediaTypeIsExplained() {
        given().contentType(ContentType.XML).body("<order/>")
                .post("/probe/orders")
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void unknownPathAndWrongMethodAreProblemsToo() {
        given().get("/probe/nothing-here")
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        given().delete("/probe/orders")
                .then().statusCode(405).contentType("application/problem+json")
                .body("code", equalTo("method_not_allowed"));
    }

    @Test
    void notFoundFromAServiceCarriesItsDetail() {
        given().get("/probe/orders/ord_123")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("Order ord_123 not found"));
    }

    @Test
    void invalidQueryParameterIsNamed() {
        given().get("/probe/search?limit=1000")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
        given().get("/probe/search?limit=ten")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("bad_request"));
    }

    @Test
    void internalErrorHidesItsCause() {
        given().get("/probe/boom")
                .then().statusCode(500).contentType("application/problem+json")
                .body("code", equalTo("internal_error"))
                .body("detail", containsString("request id"))
                .body(not(containsString("secret internal detail")))
                .body(not(containsString("Exception")));
    }

    @Test
    void numbersAreNeitherTruncatedNorReadFromText() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": 10.5}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_field_type"))
                .body("errors[0].field", equalTo("title.amountInCents"));
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": "1000"}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("title.amountInCents"))
                .body("errors[0].message", equalTo("must be an integer"));
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": 1234, "title": {"amountInCents": 1000}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("customNumber"))
                .body("errors[0].message", equalTo("must be a string"));
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": 1000}, "splits": [1, 2.0]}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("splits[1]"));
    }

    @Test
    void aListHoldsNoNull() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": 1000}, "splits": [1, null]}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("splits[1]"));
    }

    @Test
    void controlCharactersInBodyTextAreRefusedWithTheField() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER\\u0000-1", "title": {"amountInCents": 1000}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_characters"))
                .body("errors[0].field", equalTo("customNumber"))
                .body("errors[0].message", containsString("U+0000"));
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": 1000, "instructions": "a\\ud800b"}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("title.instructions"))
                .body("errors[0].message", containsString("surrogate"));
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": 1000, "instructions": "a\\nb\\tc"}}""")
                .post("/probe/orders")
                .then().statusCode(200);
    }

    @Test
    void aKeyGivenTwiceOrTextAfterTheDocumentIsMalformed() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "customNumber": "ORDER-2", "title": {"amountInCents": 1}}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_json"))
                .body("detail", containsString("customNumber"));
        given().contentType(ContentType.JSON)
                .body("""
                        {"customNumber": "ORDER-1", "title": {"amountInCents": 1}} {"more": 1}""")
                .post("/probe/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_json"));
    }

    @Test
    void aQueryBooleanIsTrueOrFalse() {
        given().get("/probe/search?limit=10&open=true").then().statusCode(200);
        given().get("/probe/search?limit=10&open=maybe")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("bad_request"))
                .body("detail", containsString("'maybe' is not a boolean"));
        given().get("/probe/search?limit=1.5")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void controlCharactersAndBrokenEscapesInTheUrlAreRefusedAtTheDoor() throws Exception {
        for (String target : new String[] {"/probe/orders/ord%00x", "/probe/search?limit=1&open=%01",
                "/probe/search?limit=1%0A", "/probe/orders/%FF%FE", "/probe/orders/%C0%80",
                "/probe/search?li%00mit=1"}) {
            String answer = RawHttp.exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n");
            org.assertj.core.api.Assertions.assertThat(answer).as(target)
                    .startsWith("HTTP/1.1 400").contains("application/problem+json").contains("invalid_characters");
        }
        // a '%' without two hex digits: the HTTP layer itself answers a bare 400 before any route
        org.assertj.core.api.Assertions.assertThat(RawHttp.exchange(
                "GET /probe/orders/a%2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        // control characters in a header value (tab aside) are refused by the HTTP layer itself, before any route
        for (String value : new String[] {"a\u0001b", "a\u007Fb", "a\u0000b"}) {
            org.assertj.core.api.Assertions.assertThat(RawHttp.exchange("GET /probe/orders/x HTTP/1.1\r\n"
                    + "Host: localhost\r\nX-Note: " + value + "\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 400");
        }
        String fine = RawHttp.exchange("GET /probe/orders/caf%C3%A9 HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Note: a\tb\r\nConnection: close\r\n\r\n");
        org.assertj.core.api.Assertions.assertThat(fine).startsWith("HTTP/1.1 404").contains("café");
    }

    /** Sends bytes a client library would refuse to send, and reads the whole answer. */
    static final class RawHttp {
        static String exchange(String request) throws java.io.IOException {
            int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("quarkus.http.test-port", Integer.class);
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }
}
