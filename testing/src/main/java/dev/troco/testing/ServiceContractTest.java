package dev.troco.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

/**
 * What every Troco service answers, whatever it does: liveness, readiness covering its database
 * and Kafka, Prometheus metrics with the outbox backlog, an OpenAPI document, and problem+json
 * with a request id for a path it does not have. A service's test extends this class and adds
 * {@code @QuarkusTest} with the Kafka and PostgreSQL test resources.
 */
public abstract class ServiceContractTest {

    @Test
    void isLive() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReadyWithItsDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
    }

    @Test
    void exposesPrometheusMetricsWithTheOutboxBacklog() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("troco_outbox_backlog"))
                .body(containsString("troco_outbox_oldest_age_seconds"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("openapi", notNullValue());
    }

    @Test
    void answersAnUnknownPathWithAProblemAndARequestId() {
        given().get("/v1/no-such-resource").then().statusCode(404)
                .contentType("application/problem+json")
                .header("Request-Id", notNullValue())
                .body("code", equalTo("not_found"));
    }
}
