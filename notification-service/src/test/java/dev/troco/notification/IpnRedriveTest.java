package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.events.charge.ChargeChargebackInitiated;
import dev.troco.events.common.Environment;
import dev.troco.kit.id.Ids;
import dev.troco.notification.WebhookReceiver.Reply;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The internal IPNs API over IPNs made from events on the real broker and sent to a real receiver: a failed IPN
 * is seen FAILED with its attempts, a redrive sends it once more with the same webhook-id and fresh signatures,
 * a redrive never sends an IPN twice, and what is not the company's, or not a valid filter, is refused.
 * The test profile's retry schedule gives up after six attempts 0.2 s apart.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification"))
class IpnRedriveTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** How long "nothing more arrives" is watched: several poll intervals and retry delays of the test profile. */
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final String IPNS = "/internal/v1/companies/{companyId}/ipns";
    /** Attempts before an IPN is given up in the test profile: the first and five retries. */
    private static final int ATTEMPTS_MAX = 6;

    private static EventSender events;

    @Inject
    DataSource dataSource;

    private TestDatabase database;

    @BeforeAll
    static void connect() {
        events = new EventSender();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @BeforeEach
    void database() {
        database = new TestDatabase(dataSource);
    }

    @Test
    void aFailedIpnIsListedFailedAndARedriveDeliversItOnceWithItsWebhookIdSignedAfresh() throws Exception {
        String company = IpnDeliveryFlowTest.newCompany();
        String secretKey = issueSecret(company);
        AtomicBoolean fixed = new AtomicBoolean();
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> fixed.get() ? Reply.ok()
                : new Reply(503, "down for maintenance", Map.of()))) {
            String chargeId = Ids.next("chg");
            String identifier = "order-" + UUID.randomUUID();
            events.send(IpnDeliveryFlowTest.created(company, chargeId, identifier, receiver.url("/ipn"), 10050));
            events.send(IpnDeliveryFlowTest.paid(company, chargeId, 10050, 2));

            await().atMost(DEADLINE).until(() -> list(company, Map.of("status", "FAILED")).getList("data").size() == 1);
            JsonPath failed = list(company, Map.of("status", "FAILED"));
            String ipnId = failed.getString("data[0].id");
            assertThat(ipnId).startsWith("ipn_");
            assertThat(failed.getString("data[0].chargeId")).isEqualTo(chargeId);
            assertThat(failed.getString("data[0].identifier")).isEqualTo(identifier);
            assertThat(failed.getString("data[0].type")).isEqualTo("checkout");
            assertThat(failed.getString("data[0].ipnUrl")).isEqualTo(receiver.url("/ipn"));
            assertThat(failed.getString("data[0].environment")).isEqualTo("SANDBOX");
            assertThat(failed.getInt("data[0].attemptCount")).isEqualTo(ATTEMPTS_MAX);
            assertThat(failed.getInt("data[0].lastStatusCode")).isEqualTo(503);
            assertThat(failed.getString("data[0].nextAttemptAt")).isNull();
            assertThat(failed.getString("data[0].deliveredAt")).isNull();
            assertThat(failed.getString("data[0].createdAt")).isNotNull();
            assertThat(failed.getString("data[0].data.trx")).isEqualTo("chk_of_" + chargeId);
            assertThat(list(company, Map.of("undelivered", true)).getList("data.id")).containsExactly(ipnId);
            assertThat(list(company, Map.of("status", "DELIVERED")).getList("data")).isEmpty();
            assertThat(receiver.requests()).hasSize(ATTEMPTS_MAX);

            JsonPath log = get(company, ipnId).then().statusCode(200).extract().jsonPath();
            assertThat(log.getString("status")).isEqualTo("FAILED");
            assertThat(log.getList("attempts")).hasSize(ATTEMPTS_MAX);
            assertThat(log.getList("attempts.number", Integer.class)).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(log.getList("attempts.statusCode", Integer.class)).containsOnly(503);
            assertThat(log.getString("attempts[0].responseBody")).isEqualTo("down for maintenance");
            assertThat(log.getString("attempts[0].url")).isEqualTo(receiver.url("/ipn"));

            fixed.set(true);
            given().queryParam("environment", "SANDBOX").post(IPNS + "/{id}/redeliver", company, ipnId)
                    .then().statusCode(202).body("id", equalTo(ipnId)).body("status", equalTo("PENDING"));

            await().atMost(DEADLINE).until(() -> "DELIVERED".equals(list(company, Map.of()).getString("data[0].status")));
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> receiver.requests().size() == ATTEMPTS_MAX + 1);
            WebhookReceiver.Request first = receiver.requests().get(0);
            WebhookReceiver.Request redriven = receiver.requests().get(ATTEMPTS_MAX);
            assertThat(redriven.header("webhook-id")).isEqualTo(ipnId).isEqualTo(first.header("webhook-id"));
            assertThat(IpnDeliveryFlowTest.bodySignatureVerifies(redriven, secretKey)).isTrue();
            assertThat(IpnDeliveryFlowTest.phpRecipeAccepts(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(redriven.body()), secretKey)).isTrue();
            assertThat(Long.parseLong(redriven.header("webhook-timestamp")))
                    .isGreaterThanOrEqualTo(Long.parseLong(first.header("webhook-timestamp")));
            assertThat(redriven.bodyText().replaceAll("\"(timestamp|signature)\":(\"[^\"]*\"|\\d+),", ""))
                    .isEqualTo(first.bodyText().replaceAll("\"(timestamp|signature)\":(\"[^\"]*\"|\\d+),", ""));

            JsonPath delivered = get(company, ipnId).then().statusCode(200).extract().jsonPath();
            assertThat(delivered.getString("status")).isEqualTo("DELIVERED");
            assertThat(delivered.getInt("attemptCount")).isEqualTo(ATTEMPTS_MAX + 1);
            assertThat(delivered.getString("deliveredAt")).isNotNull();
            assertThat(delivered.getInt("attempts[6].statusCode")).isEqualTo(200);
            assertThat(list(company, Map.of("undelivered", true)).getList("data")).isEmpty();
            assertThat(database.count("SELECT count(*) FROM ipn_delivery WHERE charge_id = ?", chargeId)).isEqualTo(1);

            // As a webhook redelivery does, a delivered IPN is sent again when asked: the merchant's site may have lost it.
            given().queryParam("environment", "SANDBOX").post(IPNS + "/{id}/redeliver", company, ipnId)
                    .then().statusCode(202).body("status", equalTo("PENDING"));
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == ATTEMPTS_MAX + 2);
            await().atMost(DEADLINE).until(() -> "DELIVERED".equals(get(company, ipnId).path("status")));
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> receiver.requests().size() == ATTEMPTS_MAX + 2);
        }
    }

    @Test
    void aRedriveOfAnIpnWhoseAttemptIsInFlightSendsNothingMore() throws Exception {
        String company = IpnDeliveryFlowTest.newCompany();
        issueSecret(company);
        CountDownLatch release = new CountDownLatch(1);
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> {
            // Held below the test profile's 2-second attempt timeout: the attempt is in flight meanwhile.
            release.await(1500, TimeUnit.MILLISECONDS);
            return Reply.ok();
        })) {
            String chargeId = Ids.next("chg");
            events.send(IpnDeliveryFlowTest.created(company, chargeId, "order-" + UUID.randomUUID(),
                    receiver.url("/ipn"), 700));
            events.send(IpnDeliveryFlowTest.paid(company, chargeId, 700, 2));
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 1);
            String ipnId = list(company, Map.of()).getString("data[0].id");

            for (int i = 0; i < 2; i++) {
                given().queryParam("environment", "SANDBOX").post(IPNS + "/{id}/redeliver", company, ipnId)
                        .then().statusCode(202).body("status", equalTo("PENDING"));
            }
            release.countDown();

            await().atMost(DEADLINE).until(() -> "DELIVERED".equals(get(company, ipnId).path("status")));
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> receiver.requests().size() == 1);
            assertThat(database.count("SELECT count(*) FROM ipn_delivery WHERE charge_id = ?", chargeId)).isEqualTo(1);
        }
    }

    @Test
    void ipnsAreListedNewestFirstInCursorPagesAndFilteredByIdentifierAndCharge() {
        String company = IpnDeliveryFlowTest.newCompany();
        issueSecret(company);
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String first = Ids.next("chg");
            String second = Ids.next("chg");
            events.send(IpnDeliveryFlowTest.created(company, first, "order-first", receiver.url("/ipn"), 5000));
            events.send(IpnDeliveryFlowTest.created(company, second, "order-second", receiver.url("/ipn"), 700));
            events.send(IpnDeliveryFlowTest.paid(company, first, 5000, 2));
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 1);
            events.send(IpnDeliveryFlowTest.paid(company, second, 700, 2));
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 2);
            events.send(ChargeChargebackInitiated.newBuilder()
                    .setMeta(EventSender.meta(company, Environment.SANDBOX, first, 3))
                    .setChargebackId(Ids.next("cbk")).setAmountCents(5000).setCurrency("BRL").setReasonCode("fraud")
                    .build());
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 3);
            await().atMost(DEADLINE).until(() -> list(company, Map.of("status", "DELIVERED")).getList("data").size() == 3);

            JsonPath all = list(company, Map.of());
            assertThat(all.getList("data.type")).containsExactly("chargeback_initiated", "checkout", "checkout");
            assertThat(all.getList("data.identifier")).containsExactly("order-first", "order-second", "order-first");
            JsonPath page1 = list(company, Map.of("limit", 2));
            assertThat(page1.getList("data.id")).containsExactlyElementsOf(all.getList("data.id").subList(0, 2));
            assertThat(page1.getBoolean("hasMore")).isTrue();
            JsonPath page2 = list(company, Map.of("limit", 2, "startingAfter", page1.getString("data[1].id")));
            assertThat(page2.getList("data.id")).containsExactly(all.getString("data[2].id"));
            assertThat(page2.getBoolean("hasMore")).isFalse();

            assertThat(list(company, Map.of("identifier", "order-first")).getList("data.type"))
                    .containsExactly("chargeback_initiated", "checkout");
            assertThat(list(company, Map.of("chargeId", second)).getList("data.identifier"))
                    .containsExactly("order-second");
            assertThat(list(company, Map.of("identifier", "order-none")).getList("data")).isEmpty();
            assertThat(list(company, Map.of("undelivered", true)).getList("data")).isEmpty();
            given().queryParam("environment", "PRODUCTION").get(IPNS, company)
                    .then().statusCode(200).body("data.size()", equalTo(0)).body("hasMore", equalTo(false));
        }
    }

    @Test
    void anotherCompanysIpnIsNotFoundAndNotRedriven() {
        String company = IpnDeliveryFlowTest.newCompany();
        issueSecret(company);
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String chargeId = Ids.next("chg");
            events.send(IpnDeliveryFlowTest.created(company, chargeId, "order-mine", receiver.url("/ipn"), 700));
            events.send(IpnDeliveryFlowTest.paid(company, chargeId, 700, 2));
            await().atMost(DEADLINE).until(() -> "DELIVERED".equals(list(company, Map.of()).getString("data[0].status")));
            String ipnId = list(company, Map.of()).getString("data[0].id");

            String stranger = IpnDeliveryFlowTest.newCompany();
            get(stranger, ipnId).then().statusCode(404).contentType("application/problem+json")
                    .body("code", equalTo("not_found"));
            given().queryParam("environment", "SANDBOX").post(IPNS + "/{id}/redeliver", stranger, ipnId)
                    .then().statusCode(404).contentType("application/problem+json");
            given().queryParam("environment", "PRODUCTION").get(IPNS + "/{id}", company, ipnId)
                    .then().statusCode(404);
            given().queryParam("environment", "PRODUCTION").post(IPNS + "/{id}/redeliver", company, ipnId)
                    .then().statusCode(404);
            get(company, Ids.next("ipn")).then().statusCode(404);
            get(company, "not-an-id").then().statusCode(404);
            assertThat(list(stranger, Map.of()).getList("data")).isEmpty();
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> receiver.requests().size() == 1);
        }
    }

    @Test
    void badFiltersAreAnsweredWithProblems() {
        String company = IpnDeliveryFlowTest.newCompany();
        badFilter(company, Map.of("status", "LOST"), "status", "unknown_status");
        badFilter(company, Map.of("status", "failed"), "status", "unknown_status");
        badFilter(company, Map.of("limit", 0), "limit", "out_of_range");
        badFilter(company, Map.of("limit", 101), "limit", "out_of_range");
        badFilter(company, Map.of("startingAfter", Ids.next("ipn")), "startingAfter", "unknown_cursor");
        badFilter(company, Map.of("undelivered", true, "status", "DELIVERED"), "undelivered", "conflicting_filters");
        badFilter(company, Map.of("chargeId", "chg'; DROP TABLE ipn_delivery;--"), "chargeId", "invalid_id");
        badFilter(company, Map.of("identifier", "x".repeat(256)), "identifier", "too_long");
        given().queryParam("environment", "SANDBOX").queryParam("undelivered", "maybe").get(IPNS, company)
                .then().statusCode(400).contentType("application/problem+json");
        given().get(IPNS, company).then().statusCode(400).contentType("application/problem+json");
    }

    // --- helpers

    private static void badFilter(String company, Map<String, ?> filters, String field, String code) {
        given().queryParam("environment", "SANDBOX").queryParams(filters).get(IPNS, company)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)).body("errors[0].code", equalTo(code));
    }

    private static JsonPath list(String company, Map<String, ?> filters) {
        return given().queryParam("environment", "SANDBOX").queryParams(filters).get(IPNS, company)
                .then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.Response get(String company, String ipnId) {
        return given().queryParam("environment", "SANDBOX").get(IPNS + "/{id}", company, ipnId);
    }

    /** What the gateway does for a Moderator: the PUT, then (once its credential is committed) ActivateIpnSecret. */
    private String issueSecret(String company) {
        String credential = "ckc_" + UUID.randomUUID().toString().replace("-", "");
        String secret = IpnDeliveryFlowTest.issuePendingSecret(company, credential);
        events.sendCommand(EventSender.activation(company, credential));
        await().atMost(DEADLINE).until(() -> database.count(
                "SELECT count(*) FROM ipn_secret WHERE credential_id = ? AND activated_at IS NOT NULL", credential) == 1);
        return secret;
    }
}
