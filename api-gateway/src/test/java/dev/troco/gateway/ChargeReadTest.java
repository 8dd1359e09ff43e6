package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a charge through the gateway: the owner reads it, anyone else gets 404 and nothing of it. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_reads"))
@WithTestResource(value = ChargeServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ChargeReadTest {

    @Inject
    TestClock clock;

    @Test
    void theOwnerReadsItsChargeAndAnotherCompanysIdAnswers404() {
        GatewayFixture fixture = new GatewayFixture(clock);
        String mine = key(fixture, "SANDBOX");
        String theirs = key(fixture, "SANDBOX");
        String chargeId = Ids.next("chg");
        String ownerCompany = companyOf(mine);
        ChargeServiceStub.register(chargeId, ownerCompany, "SANDBOX",
                "{\"id\":\"" + chargeId + "\",\"status\":{\"id\":1,\"name\":\"Created\"},\"typePayin\":\"pix\","
                        + "\"amountCents\":8652,\"currency\":\"BRL\",\"createdAt\":\"2026-12-01T10:00:00Z\","
                        + "\"version\":1}");

        given().header("Authorization", "Bearer " + mine).get("/v1/charges/" + chargeId)
                .then().statusCode(200).body("id", equalTo(chargeId)).body("status.name", equalTo("Created"));
        given().header("Authorization", "Bearer " + theirs).get("/v1/charges/" + chargeId)
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("not_found")).body(not(containsString("8652")));
        given().header("Authorization", "Bearer " + mine).get("/v1/charges/not-an-id")
                .then().statusCode(404);

        given().header("Authorization", "Bearer " + mine).get("/v1/charges/" + chargeId + "/boleto.pdf")
                .then().statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", containsString("boleto-" + chargeId + ".pdf"))
                .body(equalTo("%PDF-1.7 boleto of " + chargeId));
        given().header("Authorization", "Bearer " + theirs).get("/v1/charges/" + chargeId + "/boleto.pdf")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void actionsThatTheChargesStatusDoesNotAllowAreRefusedBeforeAnyCommand() {
        GatewayFixture fixture = new GatewayFixture(clock);
        String sandbox = key(fixture, "SANDBOX");
        String production = key(fixture, "PRODUCTION");
        String paid = Ids.next("chg");
        ChargeServiceStub.register(paid, companyOf(sandbox), "SANDBOX", "{\"id\":\"" + paid + "\",\"status\":"
                + "{\"id\":2,\"name\":\"Paid\"},\"typePayin\":\"pix\",\"amountCents\":1000,\"currency\":\"BRL\","
                + "\"paidAmountCents\":1000,\"refundAmountCents\":400,\"createdAt\":\"2026-12-01T10:00:00Z\",\"version\":3}");
        String live = Ids.next("chg");
        ChargeServiceStub.register(live, companyOf(production), "PRODUCTION", "{\"id\":\"" + live + "\",\"status\":"
                + "{\"id\":1,\"name\":\"Created\"},\"typePayin\":\"pix\",\"amountCents\":1000,\"currency\":\"BRL\","
                + "\"createdAt\":\"2026-12-01T10:00:00Z\",\"version\":1}");

        given().contentType("application/json").header("Authorization", "Bearer " + sandbox).body("{}")
                .post("/v1/charges/" + paid + "/cancel")
                .then().statusCode(409).body("code", equalTo("invalid_state"))
                .body("detail", containsString("is Paid"));
        // a refund is not refused here: the charge-service decides it (ChargeRefundTest)
        given().contentType("application/json").header("Authorization", "Bearer " + sandbox)
                .body("{\"outcome\": \"paid\"}").post("/v1/charges/" + paid + "/simulate")
                .then().statusCode(409).body("code", equalTo("invalid_state"));
        given().contentType("application/json").header("Authorization", "Bearer " + production)
                .body("{\"outcome\": \"paid\"}").post("/v1/charges/" + live + "/simulate")
                .then().statusCode(403).body("code", equalTo("sandbox_only"));
        given().contentType("application/json").header("Authorization", "Bearer " + production)
                .body("{\"outcome\": \"paid_late\"}").post("/v1/charges/" + live + "/simulate")
                .then().statusCode(403).body("code", equalTo("sandbox_only"));
        String card = Ids.next("chg");
        ChargeServiceStub.register(card, companyOf(sandbox), "SANDBOX", "{\"id\":\"" + card + "\",\"status\":"
                + "{\"id\":1,\"name\":\"Created\"},\"typePayin\":\"credit-card\",\"amountCents\":1000,"
                + "\"currency\":\"BRL\",\"createdAt\":\"2026-12-01T10:00:00Z\",\"expiresAt\":\"2026-12-31T23:59:59Z\",\"version\":1}");
        given().contentType("application/json").header("Authorization", "Bearer " + sandbox)
                .body("{\"outcome\": \"paid_late\"}").post("/v1/charges/" + card + "/simulate")
                .then().statusCode(409).body("code", equalTo("invalid_state"))
                .body("detail", containsString("only PIX and boleto charges with an expireDate"));
        String refunded = Ids.next("chg");
        ChargeServiceStub.register(refunded, companyOf(sandbox), "SANDBOX", "{\"id\":\"" + refunded + "\",\"status\":"
                + "{\"id\":5,\"name\":\"Refunded\"},\"typePayin\":\"boleto\",\"amountCents\":1000,"
                + "\"currency\":\"BRL\",\"createdAt\":\"2026-12-01T10:00:00Z\",\"expiresAt\":\"2026-12-31T23:59:59Z\",\"version\":4}");
        given().contentType("application/json").header("Authorization", "Bearer " + sandbox)
                .body("{\"outcome\": \"paid_late\"}").post("/v1/charges/" + refunded + "/simulate")
                .then().statusCode(409).body("code", equalTo("invalid_state"))
                .body("detail", containsString("is Refunded and cannot be paid late"));
        given().contentType("application/json").header("Authorization", "Bearer " + sandbox)
                .body("{\"outcome\": \"paid\"}").post("/v1/charges/" + live + "/simulate")
                .then().statusCode(404);
    }

    private final java.util.Map<String, String> companies = new java.util.HashMap<>();

    private String key(GatewayFixture fixture, String environment) {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "transactions:read", "charges:create");
        Response key = fixture.createKey(company, apiUserId, environment, List.of("127.0.0.1", "::1"));
        companies.put(key.path("secret"), company.companyId());
        return key.path("secret");
    }

    private String companyOf(String key) {
        return companies.get(key);
    }
}
