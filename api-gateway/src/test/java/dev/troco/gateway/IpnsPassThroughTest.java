package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of the IPNs API ({@code /v1/ipns}): what it checks itself (key, permission, strict input) and
 * what it passes to the notification-service (the key's company and environment, the filters as sent). The
 * notification-service is a stand-in that echoes the call; the IPNs themselves are tested in its module
 * ({@code IpnRedriveTest}).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_ipns"))
@WithTestResource(value = NotificationServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class IpnsPassThroughTest {

    private static final String IPN_ID = "ipn_01jdq3m5v8k2x9c7b4n6r0t1wz";

    @Inject
    TestClock clock;

    @Test
    void ipnsAreReadWithTheKeysCompanyAndEnvironment() {
        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String reader = key(fixture, company, "transactions:read");
        String ipns = "/internal/v1/companies/" + company.companyId() + "/ipns";

        given().header("Authorization", "Bearer " + reader).get("/v1/ipns")
                .then().statusCode(200).body("method", equalTo("GET"))
                .body("path", equalTo(ipns + "?environment=SANDBOX"));
        String filtered = given().header("Authorization", "Bearer " + reader)
                .queryParam("status", "FAILED").queryParam("identifier", "ORDER 12345/a")
                .queryParam("chargeId", "chg_01jdq3m5v8k2x9c7b4n6r0t1wz").queryParam("limit", 5)
                .queryParam("startingAfter", IPN_ID).queryParam("undelivered", true)
                .get("/v1/ipns").then().statusCode(200).extract().path("path");
        assertThat(java.net.URLDecoder.decode(filtered, java.nio.charset.StandardCharsets.UTF_8))
                .startsWith(ipns + "?").contains("environment=SANDBOX").contains("status=FAILED")
                .contains("undelivered=true").contains("identifier=ORDER 12345/a")
                .contains("chargeId=chg_01jdq3m5v8k2x9c7b4n6r0t1wz").contains("limit=5")
                .contains("startingAfter=" + IPN_ID);

        given().header("Authorization", "Bearer " + reader).get("/v1/ipns/{id}", IPN_ID)
                .then().statusCode(200).body("path", equalTo(ipns + "/" + IPN_ID + "?environment=SANDBOX"));
        assertThat(NotificationServiceStub.CALLS).filteredOn(c -> c.path().startsWith(ipns))
                .hasSize(3).allMatch(c -> c.method().equals("GET"));
    }

    @Test
    void aRedeliveryNeedsNotificationsManageAndIsPassedOnAsScheduled() {
        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String manager = key(fixture, company, "notifications:manage");
        String reader = key(fixture, company, "transactions:read");
        String redeliver = "/internal/v1/companies/" + company.companyId() + "/ipns/" + IPN_ID + "/redeliver";

        int calls = NotificationServiceStub.CALLS.size();
        given().header("Authorization", "Bearer " + reader).post("/v1/ipns/{id}/redeliver", IPN_ID)
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("missing_permission"));
        given().header("Authorization", "Bearer " + manager).get("/v1/ipns")
                .then().statusCode(403).body("code", equalTo("missing_permission"));
        assertThat(NotificationServiceStub.CALLS).hasSize(calls);

        given().header("Authorization", "Bearer " + manager).post("/v1/ipns/{id}/redeliver", IPN_ID)
                .then().statusCode(202).body("method", equalTo("POST"))
                .body("path", equalTo(redeliver + "?environment=SANDBOX"));
        assertThat(NotificationServiceStub.CALLS).anyMatch(c -> c.method().equals("POST")
                && c.path().equals(redeliver + "?environment=SANDBOX"));
    }

    @Test
    void strictInputIsRefusedAtTheGatewayWithoutReachingTheService() {
        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String reader = key(fixture, company, "transactions:read");
        String manager = key(fixture, company, "notifications:manage");
        int calls = NotificationServiceStub.CALLS.size();

        refused(given().header("Authorization", "Bearer " + reader).queryParam("status", "LOST"), "/v1/ipns", "status");
        refused(given().header("Authorization", "Bearer " + reader).queryParam("status", "failed"), "/v1/ipns", "status");
        refused(given().header("Authorization", "Bearer " + reader).queryParam("chargeId", "chg-1;drop"), "/v1/ipns",
                "chargeId");
        refused(given().header("Authorization", "Bearer " + reader).queryParam("startingAfter", "ipn x"), "/v1/ipns",
                "startingAfter");
        refused(given().header("Authorization", "Bearer " + reader).queryParam("identifier", "x".repeat(256)),
                "/v1/ipns", "identifier");
        given().header("Authorization", "Bearer " + reader).get("/v1/ipns?undelivered=maybe")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + reader).get("/v1/ipns?limit=ten")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + reader).get("/v1/ipns/{id}", "ipn-with-dash")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + manager).post("/v1/ipns/{id}/redeliver", "x".repeat(65))
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/v1/ipns").then().statusCode(401).contentType("application/problem+json");
        given().post("/v1/ipns/{id}/redeliver", IPN_ID).then().statusCode(401);
        assertThat(NotificationServiceStub.CALLS).hasSize(calls);
    }

    @Test
    void thePublicDocumentDescribesEachOperationsAnswers() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/ipns'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/IpnList"))
                .body("paths.'/v1/ipns/{ipnId}'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Ipn"))
                .body("paths.'/v1/ipns/{ipnId}/redeliver'.post.responses.'202'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Ipn"))
                .body("paths.'/v1/ipns/{ipnId}/redeliver'.post.security[0].apiKey", equalTo(List.of()))
                .body("components.schemas.Ipn.properties.status.enum", equalTo(List.of("PENDING", "DELIVERED", "FAILED")))
                .body("components.schemas.IpnList.required", equalTo(List.of("data", "hasMore")));
    }

    private static void refused(io.restassured.specification.RequestSpecification request, String path, String field) {
        request.get(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }

    private static String key(GatewayFixture fixture, CompanyWithModerator company, String... permissions) {
        String apiUserId = fixture.createApiUser(company, permissions);
        return fixture.createKey(company, apiUserId, "SANDBOX", List.of("127.0.0.1", "::1")).path("secret");
    }
}
