package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

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

/** An address that keeps failing to authenticate is slowed down (its own app, so no other test is). */
@QuarkusTest
@TestProfile(FailedAuthenticationSlowdownTest.FewFailuresAllowed.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_slowdown"))
class FailedAuthenticationSlowdownTest {

    public static class FewFailuresAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troco.gateway.rate-limit.failed-authentications-per-minute", "5");
        }
    }

    @Test
    void repeatedFailedAuthenticationsFromOneAddressAreSlowedDown() {
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "Bearer trk_test_guess" + i).get("/v1/idempotency-keys/x")
                    .then().statusCode(401);
        }
        given().header("Authorization", "Bearer trk_test_guess-again").get("/v1/idempotency-keys/x")
                .then().statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("too_many_failed_authentications"))
                .header("Retry-After", matchesPattern("[1-9]\\d*"));
        // still refused while slowed down, whatever the key
        given().header("Authorization", "Bearer anything").get("/v1/idempotency-keys/x")
                .then().statusCode(429);
    }
}
