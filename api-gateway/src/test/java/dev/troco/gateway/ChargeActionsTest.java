package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.messaging.EventWaiter;
import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the gateway answers for cancel, simulate and the QR code of a charge: 200 with the charge once the
 * charge-service has applied the command, 202 when it has not within the wait, 409 when the charge's status does
 * not allow it. The charge-service is a stand-in over the real broker ({@link ActingChargeService}).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_actions"))
@WithTestResource(value = ChargeServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ChargeActionsTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");
    private static ActingChargeService chargeService;

    @Inject
    TestClock clock;

    @Inject
    EventWaiter waiter;

    private GatewayFixture fixture;
    private CompanyWithModerator company;
    private String key;

    @BeforeAll
    static void startChargeService() {
        chargeService = new ActingChargeService();
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
        company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "charges:create", "transactions:read");
        var created = fixture.createKey(company, apiUserId, "SANDBOX", LOOPBACK);
        created.then().statusCode(201);
        key = created.path("secret");
    }

    @Test
    void aCancelTheChargeServiceAppliesAnswers200WithTheCanceledChargeAndASecondCancelIs409() {
        String charge = Ids.next("chg");
        chargeService.createdCharge(charge, company.companyId(), 2_500);

        post("/v1/charges/" + charge + "/cancel", "{\"reason\": \"order withdrawn\"}")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("id", equalTo(charge)).body("status.name", equalTo("Canceled")).body("version", equalTo(2));
        assertThat(chargeService.commandsFor(charge)).singleElement().isInstanceOf(CancelCharge.class);

        post("/v1/charges/" + charge + "/cancel", "{}")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("invalid_state"));
        assertThat(chargeService.commandsFor(charge)).hasSize(1);
    }

    @Test
    void aSimulatedPaymentTheChargeServiceAppliesAnswers200WithThePaidCharge() {
        String charge = Ids.next("chg");
        chargeService.createdCharge(charge, company.companyId(), 4_000);

        post("/v1/charges/" + charge + "/simulate", "{\"outcome\": \"paid\", \"paidAmountCents\": 1500}")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("status.name", equalTo("Paid")).body("paidAmountCents", equalTo(1500));
        assertThat(chargeService.commandsFor(charge)).singleElement()
                .isInstanceOfSatisfying(SimulateChargeOutcome.class,
                        simulate -> assertThat(simulate.getPaidAmountCents()).isEqualTo(1_500L));
    }

    @Test
    void commandsTheChargeServiceDoesNotAnswerWithinTheWaitAreAccepted() {
        String toCancel = Ids.next("chg");
        String toPay = Ids.next("chg");
        // in the read, but the stand-in never answers their commands
        ChargeServiceStub.register(toCancel, company.companyId(), "SANDBOX",
                "{\"id\":\"" + toCancel + "\",\"status\":{\"id\":1,\"name\":\"Created\"},\"version\":1}");
        ChargeServiceStub.register(toPay, company.companyId(), "SANDBOX",
                "{\"id\":\"" + toPay + "\",\"status\":{\"id\":1,\"name\":\"Created\"},\"version\":1}");

        post("/v1/charges/" + toCancel + "/cancel", "{}")
                .then().statusCode(202).body("id", equalTo(toCancel)).body("status", equalTo("processing"));
        post("/v1/charges/" + toPay + "/simulate", "{\"outcome\": \"paid\"}")
                .then().statusCode(202).body("id", equalTo(toPay)).body("status", equalTo("processing"));
        assertThat(chargeService.commandsFor(toCancel)).hasSize(1);
        assertThat(chargeService.commandsFor(toPay)).hasSize(1);
    }

    @Test
    void theQrCodeOfAChargeComesFromTheChargeServiceAsPngAndAnotherCompanysIs404() {
        String charge = Ids.next("chg");
        chargeService.createdCharge(charge, company.companyId(), 900);

        byte[] png = given().header("Authorization", "Bearer " + key).get("/v1/charges/" + charge + "/qrcode.png")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(new String(png, StandardCharsets.UTF_8)).isEqualTo("PNG QR code of " + charge);

        String elsewhere = Ids.next("chg");
        ChargeServiceStub.register(elsewhere, "cmp_someone_else", "SANDBOX", "{\"id\":\"" + elsewhere + "\"}");
        given().header("Authorization", "Bearer " + key).get("/v1/charges/" + elsewhere + "/qrcode.png")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
    }

    private io.restassured.response.Response post(String path, String body) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(body).post(path);
    }
}
