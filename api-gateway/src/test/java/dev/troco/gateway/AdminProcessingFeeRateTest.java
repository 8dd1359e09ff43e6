package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator sets a company's processing fee rate through the admin door: admin token only, for
 * companies that exist, carried out by the charge-service (a stub here; the real one's rules are
 * tested in its module) whose refusals reach the operator with the field they name.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_admin"))
@WithTestResource(value = ChargeServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class AdminProcessingFeeRateTest {

    @Inject
    TestClock clock;

    @Test
    void theOperatorSetsACompanysRateAndReadsItsHistory() {
        String company = new GatewayFixture(clock).newCompany("PAYIN").companyId();
        admin().get(path(company)).then().statusCode(200)
                .body("ratePercent", equalTo("2.99")).body("defaultRate", equalTo(true));

        admin().contentType(ContentType.JSON).body(Map.of("ratePercent", "1.99", "reason", "Volume contract 2027"))
                .put(path(company)).then().statusCode(200)
                .body("ratePercent", equalTo("1.99"))
                .body("defaultRate", equalTo(false))
                .body("history", hasSize(1))
                .body("history[0].reason", equalTo("Volume contract 2027"))
                .body("history[0].setBy", startsWith("admin-token from "));
        admin().contentType(ContentType.JSON).body(Map.of("ratePercent", "1.5", "reason", "Renegotiated"))
                .put(path(company)).then().statusCode(200);

        admin().get(path(company)).then().statusCode(200)
                .body("ratePercent", equalTo("1.5"))
                .body("history.ratePercent", equalTo(List.of("1.5", "1.99")));
    }

    @Test
    void withoutTheAdminTokenOrForAnUnknownCompanyNothingIsSet() {
        String company = new GatewayFixture(clock).newCompany("PAYIN").companyId();
        given().get(path(company)).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer not-the-admin-token").contentType(ContentType.JSON)
                .body(Map.of("ratePercent", "0.5", "reason", "free money")).put(path(company))
                .then().statusCode(401);

        String unknown = Ids.next("cmp");
        admin().get(path(unknown)).then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        admin().contentType(ContentType.JSON).body(Map.of("ratePercent", "0.5", "reason", "typo"))
                .put(path(unknown)).then().statusCode(404);

        admin().get(path(company)).then().statusCode(200).body("defaultRate", equalTo(true))
                .body("history", hasSize(0));
        admin().get(path(unknown)).then().statusCode(404);
    }

    @Test
    void aRateTheChargeServiceRefusesAndAnIncompleteBodyAreAnsweredNamingTheField() {
        String company = new GatewayFixture(clock).newCompany("PAYIN").companyId();
        admin().contentType(ContentType.JSON).body(Map.of("ratePercent", "abc", "reason", "typo"))
                .put(path(company)).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("ratePercent"))
                .body("errors[0].code", equalTo("not_a_decimal"));
        admin().contentType(ContentType.JSON).body(Map.of("ratePercent", "1.2"))
                .put(path(company)).then().statusCode(400)
                .body("errors.field", equalTo(List.of("reason")));
        admin().contentType(ContentType.JSON).body(Map.of("ratePercent", "1.2", "reason", "x", "setBy", "me"))
                .put(path(company)).then().statusCode(400)
                .body("code", equalTo("unknown_field")).body("errors[0].field", equalTo("setBy"));

        admin().get(path(company)).then().statusCode(200).body("history", hasSize(0));
    }

    @Test
    void aMerchantReadsItsOwnRateButNotWhoSetItAndOnlyWithTransactionsRead() {
        GatewayFixture fixture = new GatewayFixture(clock);
        GatewayFixture.CompanyWithModerator company = fixture.newCompany("PAYIN");
        String reader = key(fixture, company, "transactions:read");
        String creator = key(fixture, company, "charges:create");
        given().header("Authorization", "Bearer " + reader).get("/v1/processing-fee-rate").then().statusCode(200)
                .body("ratePercent", equalTo("2.99")).body("defaultRate", equalTo(true))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("since")));

        admin().contentType(ContentType.JSON).body(Map.of("ratePercent", "1.25", "reason", "Launch discount"))
                .put(path(company.companyId())).then().statusCode(200);

        given().header("Authorization", "Bearer " + reader).get("/v1/processing-fee-rate").then().statusCode(200)
                .body("ratePercent", equalTo("1.25")).body("defaultRate", equalTo(false))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("history")));
        given().header("Authorization", "Bearer " + creator).get("/v1/processing-fee-rate").then().statusCode(403)
                .body("code", equalTo("missing_permission"));
        given().get("/v1/processing-fee-rate").then().statusCode(401);
    }

    private static String key(GatewayFixture fixture, GatewayFixture.CompanyWithModerator company,
            String permission) {
        String apiUserId = fixture.createApiUser(company, permission);
        return fixture.createKey(company, apiUserId, "SANDBOX", List.of("127.0.0.1", "::1")).path("secret");
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN);
    }

    private static String path(String company) {
        return "/admin/v1/companies/" + company + "/processing-fee-rate";
    }
}
