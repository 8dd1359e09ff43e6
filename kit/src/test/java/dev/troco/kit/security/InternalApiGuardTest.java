package dev.troco.kit.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Internal endpoints answer only callers that carry the service credential; public ones are untouched. */
@QuarkusTest
@TestProfile(InternalApiGuardTest.WithServiceToken.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "kit_guard"))
class InternalApiGuardTest {

    static final String TOKEN = "test-service-token-0123456789abcdefghij";

    public static class WithServiceToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(InternalApiGuard.TOKEN_PROPERTY, TOKEN);
        }
    }

    @Test
    void anInternalEndpointWithoutTheServiceCredentialIsRefused() {
        given().get("/internal/v1/probe").then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"))
                .body("detail", containsString("Troco-Service-Token"));
        given().header(InternalApiGuard.HEADER, TOKEN + "x").get("/internal/v1/probe").then().statusCode(401);
        given().header(InternalApiGuard.HEADER, "").get("/internal/v1/probe").then().statusCode(401);
    }

    @Test
    void theServiceCredentialOpensInternalEndpointsOnly() {
        given().header(InternalApiGuard.HEADER, TOKEN).get("/internal/v1/probe").then().statusCode(200)
                .body(equalTo("reached"));
        given().get("/probe/orders/x").then().statusCode(404).body("code", equalTo("not_found"));
    }
}
