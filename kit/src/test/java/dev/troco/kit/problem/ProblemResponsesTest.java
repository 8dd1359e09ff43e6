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
}
