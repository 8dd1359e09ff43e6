package dev.troco.charge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's read of a charge: seed 004's fields, and never another company's charge. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "charge"))
class InternalChargesResourceTest {

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
    void aChargeIsReadWithItsStatusHistoryByItsOwnCompanyOnly() {
        String chargeId = Ids.next("chg");
        commands.send(CommandSender.create(chargeId, 8652));
        commands.send(CommandSender.cancel(chargeId));
        await().atMost(Duration.ofSeconds(30)).until(() -> read(chargeId, CommandSender.MERCHANT, "SANDBOX") == 200
                && given().get(path(chargeId, CommandSender.MERCHANT, "SANDBOX")).path("version").equals(2));

        given().get(path(chargeId, CommandSender.MERCHANT, "SANDBOX")).then().statusCode(200)
                .body("id", equalTo(chargeId))
                .body("status.id", equalTo(4))
                .body("status.name", equalTo("Canceled"))
                .body("typePayin", equalTo("pix"))
                .body("amountCents", equalTo(8652))
                .body("customNumber", equalTo("ORDER-8652"))
                .body("statusHistory", hasSize(2))
                .body("statusHistory[0].status.name", equalTo("Created"))
                .body("statusHistory[1].status.name", equalTo("Canceled"));

        given().get(path(chargeId, "cmp_someone_else", "SANDBOX")).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
        given().get(path(chargeId, CommandSender.MERCHANT, "PRODUCTION")).then().statusCode(404);
        given().get(path(Ids.next("chg"), CommandSender.MERCHANT, "SANDBOX")).then().statusCode(404);
        given().get("/internal/v1/charges/" + chargeId).then().statusCode(400);
    }

    @Test
    void chargesAreListedNewestFirstWithFiltersAndACursor() {
        String merchant = "cmp_list_" + Ids.next("x").substring(2, 12);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = Ids.next("chg");
            var create = CommandSender.create(id, 1_000 + i);
            create.getMeta().setMerchantId(merchant);
            create.setCustomNumber("LIST-" + i);
            commands.send(create);
            ids.add(id);
        }
        var cancel = CommandSender.cancel(ids.get(1));
        cancel.getMeta().setMerchantId(merchant);
        commands.send(cancel);
        String base = "/internal/v1/charges?merchantId=" + merchant + "&environment=SANDBOX";
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get(base + "&status=CANCELED")
                .path("data.size()").equals(1));

        given().get(base + "&limit=2").then().statusCode(200)
                .body("data.id", equalTo(List.of(ids.get(4), ids.get(3))))
                .body("hasMore", equalTo(true));
        given().get(base + "&limit=2&startingAfter=" + ids.get(3)).then().statusCode(200)
                .body("data.id", equalTo(List.of(ids.get(2), ids.get(1))));
        given().get(base + "&limit=10&startingAfter=" + ids.get(1)).then().statusCode(200)
                .body("data.id", equalTo(List.of(ids.get(0))))
                .body("hasMore", equalTo(false));
        given().get(base + "&customNumber=LIST-3").then().statusCode(200).body("data.id", equalTo(List.of(ids.get(3))));
        given().get(base + "&status=CANCELED").then().statusCode(200)
                .body("data[0].status.name", equalTo("Canceled"));
        given().get(base + "&createdFrom=2999-01-01T00:00:00Z").then().statusCode(200).body("data", hasSize(0));
        given().get("/internal/v1/charges?merchantId=cmp_nobody&environment=SANDBOX").then().statusCode(200)
                .body("data", hasSize(0));
        given().get(base + "&limit=1000").then().statusCode(400);

        byte[] png = given().get("/internal/v1/charges/" + ids.get(0) + "/qrcode.png?merchantId=" + merchant
                + "&environment=SANDBOX&size=256").then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        given().get("/internal/v1/charges/" + ids.get(0) + "/qrcode.png?merchantId=cmp_nobody&environment=SANDBOX")
                .then().statusCode(404);
    }

    @Test
    void aBoletoChargeIsDownloadedAsAPrintablePdfWithItsDigitsAndOnlyByItsCompany() throws Exception {
        String id = Ids.next("chg");
        var create = CommandSender.create(id, 12_345);
        create.setMethod(dev.troco.events.common.PaymentMethod.BOLETO);
        create.setExpiresAt(java.time.Instant.parse("2026-12-24T18:00:00Z"));
        create.setDescription("Pedido 42 - entrega em 5 dias");
        commands.send(create);
        String pdfPath = "/internal/v1/charges/" + id + "/boleto.pdf?merchantId=" + CommandSender.MERCHANT
                + "&environment=SANDBOX";
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get(pdfPath).statusCode() == 200);

        byte[] pdf = given().get(pdfPath).then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        String line = given().get(path(id, CommandSender.MERCHANT, "SANDBOX")).path("boleto.digitableLine");
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(text).contains("Maria da Silva", "Troco Pagamentos", "Pedido 42 - entrega em 5 dias",
                    "123,45", "24/12/2026");
            assertThat(text.replaceAll("[^0-9]", "")).contains(line.replaceAll("[^0-9]", ""));
        }
        given().get("/internal/v1/charges/" + id + "/boleto.pdf?merchantId=cmp_nobody&environment=SANDBOX")
                .then().statusCode(404);
        String pix = Ids.next("chg");
        commands.send(CommandSender.create(pix, 500));
        await().atMost(Duration.ofSeconds(30)).until(() -> read(pix, CommandSender.MERCHANT, "SANDBOX") == 200);
        given().get("/internal/v1/charges/" + pix + "/boleto.pdf?merchantId=" + CommandSender.MERCHANT
                + "&environment=SANDBOX").then().statusCode(404).body("detail", org.hamcrest.Matchers.containsString(
                "not a boleto charge"));
    }

    private static int read(String id, String merchant, String environment) {
        return given().get(path(id, merchant, environment)).statusCode();
    }

    private static String path(String id, String merchant, String environment) {
        return "/internal/v1/charges/" + id + "?merchantId=" + merchant + "&environment=" + environment;
    }
}
