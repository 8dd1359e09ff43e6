package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.events.MessageCodec;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.charge.SimulatedOutcome;
import dev.troco.events.common.PaymentMethod;
import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.messaging.EventWaiter;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Card charges through {@code POST /v1/charges} (seed 004), over the real broker: the card is
 * tokenized on receipt (the command carries brand, last four and expiry, never the number), and in
 * the sandbox the documented test numbers decide the simulated acquirer's answer.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(value = CheckoutBackendsStub.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CardChargeTest {

    private static CheckoutChargeService chargeService;

    @Inject
    TestClock clock;

    @Inject
    EventWaiter waiter;

    private GatewayFixture fixture;

    @BeforeAll
    static void startChargeService() {
        chargeService = new CheckoutChargeService();
    }

    @AfterAll
    static void stopChargeService() {
        if (chargeService != null) { // null when the application failed to start: let that error be the one reported
            chargeService.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = new GatewayFixture(clock);
        waiter.ready().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anApprovedTestCardIsTokenizedAndPaid() {
        String key = key("SANDBOX");
        Response created = charge(key, "4111 1111 1111 1111", 12, 2039);
        created.then().statusCode(201).body("status.name", equalTo("Paid"));
        String chargeId = created.path("id");
        CreateCharge create = (CreateCharge) chargeService.commandsFor(chargeId).get(0);
        assertThat(create.getMethod()).isEqualTo(PaymentMethod.CARD);
        assertThat(create.getCard().getBrand()).isEqualTo("visa");
        assertThat(create.getCard().getLast4()).isEqualTo("1111");
        assertThat(create.getCard().getExpMonth()).isEqualTo(12);
        assertThat(create.getCard().getToken()).startsWith("tok_");
        // the number never leaves the gateway: it is nowhere in the command's bytes
        String encoded = new String(MessageCodec.standard().encode(create), StandardCharsets.ISO_8859_1);
        assertThat(encoded).doesNotContain("4111111111111111").doesNotContain("4111 1111");
        SimulateChargeOutcome outcome = (SimulateChargeOutcome) chargeService.commandsFor(chargeId).get(1);
        assertThat(outcome.getOutcome()).isEqualTo(SimulatedOutcome.PAID);
    }

    @Test
    void declinedAndFailingTestCardsRejectTheChargeWithTheirReason() {
        String key = key("SANDBOX");
        Map<String, String> reasons = Map.of("4000000000009995", "insufficient_funds", "4000000000000002",
                "card_declined", "4000000000000119", "processing_error");
        reasons.forEach((number, reason) -> {
            Response created = charge(key, number, 1, 2040);
            created.then().statusCode(201).body("status.name", equalTo("Rejected"));
            List<?> commands = chargeService.commandsFor(created.path("id"));
            SimulateChargeOutcome outcome = (SimulateChargeOutcome) commands.get(1);
            assertThat(outcome.getOutcome()).isEqualTo(SimulatedOutcome.REJECTED);
            assertThat(outcome.getReasonCode()).isEqualTo(reason);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void badCardsAreRefusedBeforeAnythingIsSent() {
        String key = key("SANDBOX");
        charge(key, "4111 1111 1111 1112", 12, 2039).then().statusCode(400)
                .body("errors[0].field", equalTo("card.number")).body("errors[0].code", equalTo("invalid_card_number"));
        charge(key, "4012888888881881", 12, 2039).then().statusCode(400)
                .body("errors[0].code", equalTo("unknown_test_card"));
        charge(key, "4111111111111111", 1, 2020).then().statusCode(400)
                .body("errors[0].code", equalTo("card_expired"));
        Map<String, Object> body = body("4111111111111111", 12, 2039);
        ((Map<String, Object>) body.get("card")).put("cvc", "12");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key).body(body).post("/v1/charges")
                .then().statusCode(400).body("errors[0].field", equalTo("card.cvc"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("4111111111111111")));
        Map<String, Object> pixWithCard = body("4111111111111111", 12, 2039);
        pixWithCard.put("method", "pix");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key).body(pixWithCard)
                .post("/v1/charges").then().statusCode(400).body("errors[0].field", equalTo("card"));
    }

    @Test
    void productionRefusesCardChargesUntilAnAcquirerIsConnected() {
        charge(key("PRODUCTION"), "4111111111111111", 12, 2039).then().statusCode(422)
                .body("code", equalTo("unprocessable"));
    }

    private String key(String environment) {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUser = fixture.createApiUser(company, "charges:create", "transactions:read");
        return fixture.createKey(company, apiUser, environment, List.of("127.0.0.1", "::1"))
                .then().statusCode(201).extract().path("secret");
    }

    private static Response charge(String key, String number, int expMonth, int expYear) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key)
                .body(body(number, expMonth, expYear)).post("/v1/charges");
    }

    private static Map<String, Object> body(String number, int expMonth, int expYear) {
        Map<String, Object> card = new HashMap<>(Map.of("number", number, "expMonth", expMonth, "expYear", expYear,
                "cvc", "123", "holderName", "MARIA DA SILVA"));
        Map<String, Object> body = new HashMap<>();
        body.put("method", "credit-card");
        body.put("customNumber", "CARD-1");
        body.put("title", Map.of("expireDate", "2099-12-31T23:59:59", "amountInCents", 8652));
        body.put("buyer", Map.of("name", "Maria da Silva", "document", "34960826312"));
        body.put("card", card);
        return body;
    }
}
