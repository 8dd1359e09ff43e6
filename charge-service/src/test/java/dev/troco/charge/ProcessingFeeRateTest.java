package dev.troco.charge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A company's processing fee rate as the operator sets it: new charges are charged at the newest
 * rate and keep it, other companies pay the configured default (3% in tests), every change is kept.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "charge"))
class ProcessingFeeRateTest {

    private static CommandSender commands;

    @BeforeAll
    static void connect() {
        commands = new CommandSender();
    }

    @AfterAll
    static void disconnect() {
        commands.close();
    }

    @Test
    void newChargesArePaidAtTheCompanysNewestRateAndKeepTheRateTheyWereCreatedAt() {
        String company = newCompany();
        String other = newCompany();
        rate(company).then().statusCode(200)
                .body("ratePercent", equalTo("3"))
                .body("defaultRate", equalTo(true))
                .body("since", nullValue())
                .body("history", hasSize(0));

        set(company, "1.99", "Volume contract 2027").then().statusCode(200)
                .body("ratePercent", equalTo("1.99"))
                .body("defaultRate", equalTo(false))
                .body("since", notNullValue())
                .body("history", hasSize(1))
                .body("history[0].setBy", equalTo("ops@troco.test"))
                .body("history[0].reason", equalTo("Volume contract 2027"));
        String atOldRate = createCharge(company, 10_000);
        String atDefault = createCharge(other, 10_000);

        charge(atOldRate, company).body("fees.processingFeeCents", equalTo(199))
                .body("fees.processingFeeRatePercent", equalTo("1.99"))
                .body("fees.merchantNetsCents", equalTo(10_000));
        charge(atDefault, other).body("fees.processingFeeCents", equalTo(300))
                .body("fees.processingFeeRatePercent", equalTo("3"));

        set(company, "2.5", "Contract renegotiated").then().statusCode(200)
                .body("ratePercent", equalTo("2.5"))
                .body("history.ratePercent", equalTo(List.of("2.5", "1.99")))
                .body("history.reason", equalTo(List.of("Contract renegotiated", "Volume contract 2027")));
        String atNewRate = createCharge(company, 10_000);

        charge(atNewRate, company).body("fees.processingFeeCents", equalTo(250))
                .body("fees.processingFeeRatePercent", equalTo("2.5"));
        charge(atOldRate, company).body("fees.processingFeeCents", equalTo(199))
                .body("fees.processingFeeRatePercent", equalTo("1.99"));
        rate(other).then().body("defaultRate", equalTo(true)).body("history", hasSize(0));
    }

    @Test
    void settingTheCurrentRateAgainAddsNoChange() {
        String company = newCompany();
        set(company, "1.5", "first").then().statusCode(200).body("history", hasSize(1));
        String since = rate(company).path("since");

        set(company, "1.5000", "retried").then().statusCode(200)
                .body("ratePercent", equalTo("1.5"))
                .body("since", equalTo(since))
                .body("history", hasSize(1))
                .body("history[0].reason", equalTo("first"));
        set(company, "0", "promotion").then().statusCode(200)
                .body("ratePercent", equalTo("0")).body("history", hasSize(2));
    }

    @Test
    void badRatesAndBodiesAreRefusedNamingTheFieldAndChangeNothing() {
        String company = newCompany();
        set(company, "1.99", "contract").then().statusCode(200);

        refused(Map.of("ratePercent", "abc", "reason", "x", "setBy", "ops"), "ratePercent", "not_a_decimal");
        refused(Map.of("ratePercent", "1e2", "reason", "x", "setBy", "ops"), "ratePercent", "not_a_decimal");
        refused(Map.of("ratePercent", "-0.5", "reason", "x", "setBy", "ops"), "ratePercent", "out_of_range");
        refused(Map.of("ratePercent", "100", "reason", "x", "setBy", "ops"), "ratePercent", "out_of_range");
        refused(Map.of("ratePercent", "1.23456", "reason", "x", "setBy", "ops"), "ratePercent",
                "too_many_decimals");
        refused(Map.of("ratePercent", "1.5", "setBy", "ops"), "reason", "not_blank");
        refused(Map.of("ratePercent", "1.5", "reason", "x", "setBy", "ops", "effective", "now"), "effective",
                "unknown_field");
        given().contentType(ContentType.JSON).put(path(company)).then().statusCode(400)
                .contentType("application/problem+json");

        rate(company).then().body("ratePercent", equalTo("1.99")).body("history", hasSize(1));
        set(company, "99.9999", "the most a rate can be").then().statusCode(200).body("ratePercent", equalTo("99.9999"));
        given().get("/internal/v1/companies/not-a-company/processing-fee-rate").then().statusCode(400);
    }

    private void refused(Map<String, String> body, String field, String code) {
        String company = newCompany();
        given().contentType(ContentType.JSON).body(body).put(path(company)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body("errors[0].code", equalTo(code));
        rate(company).then().body("history", hasSize(0));
    }

    private static String newCompany() {
        return "cmp_rate_" + Ids.next("x").substring(2).replace("-", "");
    }

    private static String createCharge(String company, long amountCents) {
        String id = Ids.next("chg");
        var create = CommandSender.create(id, amountCents);
        create.getMeta().setMerchantId(company);
        commands.send(create);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get(chargePath(id, company)).statusCode() == 200);
        return id;
    }

    private static ValidatableResponse charge(String id, String company) {
        return given().get(chargePath(id, company)).then().statusCode(200);
    }

    private static String chargePath(String id, String company) {
        return "/internal/v1/charges/" + id + "?merchantId=" + company + "&environment=SANDBOX";
    }

    private static io.restassured.response.Response rate(String company) {
        return given().get(path(company));
    }

    private static io.restassured.response.Response set(String company, String ratePercent, String reason) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("ratePercent", ratePercent, "reason", reason, "setBy", "ops@troco.test"))
                .put(path(company));
    }

    private static String path(String company) {
        return "/internal/v1/companies/" + company + "/processing-fee-rate";
    }
}
