package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.testing.FreePorts;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With an operator port configured (as in Compose and Kubernetes), the admin API, internal endpoints, health,
 * metrics and Swagger UI are not served on the public port; they are on the operator port. The public OpenAPI
 * document and the merchant API stay public.
 */
@QuarkusTest
@TestProfile(OperatorPortTest.WithOperatorPort.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_operator"))
class OperatorPortTest {

    public static class WithOperatorPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troco.gateway.operator-port", Integer.toString(FreePorts.next()),
                    "troco.gateway.operator-host", "127.0.0.1");
        }
    }

    // read back from the configuration: the profile and the test may live in different class loaders
    @ConfigProperty(name = "troco.gateway.operator-port")
    int operatorPort;

    @Test
    void operatorDoorsAreNotOnThePublicPort() {
        given().header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(company()).post("/admin/v1/companies")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
        given().get("/internal/v1/companies/cmp_x/moderators").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/swagger-ui/").then().statusCode(404);
        // what merchants need stays public
        given().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."));
        given().get("/v1/idempotency-keys/x").then().statusCode(401).body("code", equalTo("invalid_api_key"));
    }

    @Test
    void operatorDoorsAnswerOnTheOperatorPort() {
        given().port(operatorPort).get("/q/health/ready").then().statusCode(200);
        given().port(operatorPort).get("/q/metrics").then().statusCode(200);
        given().port(operatorPort).header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN)
                .contentType(ContentType.JSON).body(company()).post("/admin/v1/companies")
                .then().statusCode(201).body("companyId", containsString("cmp_"));
    }

    @Test
    void theOpenApiDocumentDoesNotListInternalEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("/internal/")));
    }

    private static Map<String, Object> company() {
        return Map.of("name", "Loja", "products", List.of("PAYIN"), "moderatorEmail",
                "m-" + UUID.randomUUID() + "@example.com", "moderatorName", "M");
    }
}
