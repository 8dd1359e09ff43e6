package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

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

/**
 * A merchant request that waited longer than allowed for a worker is answered 503 with Retry-After, before
 * authentication or any other work (its own app: here every request counts as having waited too long).
 */
@QuarkusTest
@TestProfile(LoadSheddingTest.EveryWaitTooLong.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_shedding"))
class LoadSheddingTest {

    public static class EveryWaitTooLong implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troco.gateway.overload.max-queue-wait-ms", "-1");
        }
    }

    @Test
    void staleMerchantRequestsAreShedBeforeAnyWorkAndOtherPathsAreNot() {
        given().header("Authorization", "Bearer trk_test_not-even-checked").get("/v1/charges")
                .then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("service_unavailable"))
                .body("detail", containsString("retry in a second"))
                .header("Retry-After", equalTo("1"));
        // health and the operator's API are not merchant traffic: never shed
        given().get("/q/health/live").then().statusCode(200);
        given().contentType("application/json").body("{}").post("/admin/v1/companies")
                .then().statusCode(not(equalTo(503)));
    }
}
