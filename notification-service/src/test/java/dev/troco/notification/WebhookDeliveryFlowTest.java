package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.kit.id.Ids;
import dev.troco.notification.WebhookReceiver.Reply;
import dev.troco.notification.event.Environment;
import dev.troco.notification.messaging.ChargeEventConsumer;
import dev.troco.notification.signing.SigningSecrets;
import dev.troco.notification.signing.WebhookSecret;
import dev.troco.notification.webhook.WebhookEndpoint;
import dev.troco.notification.webhook.WebhookEndpoints;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Charge events published to the real broker become signed webhooks POSTed to local receivers,
 * over the real database: signatures a Standard Webhooks verifier accepts, seed 004's fields, one
 * delivery per event however often Kafka delivers it, retries with the same webhook-id, 410 and
 * timeouts, callback URLs, and one slow endpoint not delaying another.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification"))
class WebhookDeliveryFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The attempt timeout of the test profile (troco.notification.delivery.timeout-ms). */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(2000);

    private static EventSender events;

    @Inject
    DataSource dataSource;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    SigningSecrets secrets;

    @BeforeAll
    static void connect() {
        events = new EventSender();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void aChargeCreatedOnTheTopicArrivesSignedWithSeed004Fields() {
        String company = newCompany();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Registered endpoint = register(company, receiver.url("/troco"));
            String chargeId = Ids.next("chg");
            ChargeCreated created = EventSender.created(company, chargeId, null);

            events.send(created);

            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 1);
            WebhookReceiver.Request request = receiver.requests().get(0);
            assertThat(StandardWebhooksVerifier.verifies(endpoint.secret(), request)).isTrue();
            assertThat(StandardWebhooksVerifier.verifies(WebhookSecret.generate().value(), request)).isFalse();
            assertThat(request.header("webhook-id")).isEqualTo(EventSender.publicId(created));
            assertThat(Long.parseLong(request.header("webhook-timestamp")))
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            assertThat(request.header("content-type")).isEqualTo("application/json");
            JsonPath body = JsonPath.from(request.bodyText());
            assertThat(body.getString("id")).isEqualTo(chargeId);
            assertThat(body.getString("customNumber")).isEqualTo("YOUR-CODE1234");
            assertThat(body.getInt("status.id")).isEqualTo(1);
            assertThat(body.getString("status.name")).isEqualTo("Created");
            assertThat(body.getString("typePayin")).isEqualTo("credit-card");
            assertThat(body.getLong("amountCents")).isEqualTo(8652);
            assertThat(body.getMap("$")).containsKeys("paidAmountCents", "paidAt", "payin_substatus")
                    .containsEntry("paidAmountCents", null).containsEntry("paidAt", null);
            assertThat(body.getString("expiresAt")).isEqualTo("2030-12-31T23:59:59.000000Z");
            assertThat(body.getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            assertThat(body.getString("buyerName")).isEqualTo("Maria da Silva");
            assertThat(body.getString("buyerDocument")).isEqualTo("34960826312");
            assertThat(body.getString("buyerEmail")).isEqualTo("buyer-email@wepayments.com.br");
            assertThat(body.getList("statusHistory")).hasSize(1);
            assertThat(body.getLong("version")).isEqualTo(1);

            Map<String, Object> stored = database().rows(
                    "SELECT type, company_id, environment, aggregate_id, aggregate_version, data::text AS data"
                            + " FROM event WHERE id = ?", created.getMeta().getEventId()).get(0);
            assertThat(stored).containsEntry("type", "charge.created").containsEntry("company_id", company)
                    .containsEntry("environment", "SANDBOX").containsEntry("aggregate_id", chargeId)
                    .containsEntry("aggregate_version", 1L).containsEntry("data", request.bodyText());
        }
    }

    @Test
    void aPaidChargeCarriesItsPaymentAndHistory() {
        String company = newCompany();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Registered endpoint = register(company, receiver.url("/troco"));
            String chargeId = Ids.next("chg");
            events.send(EventSender.created(company, chargeId, null));
            ChargePaid paid = EventSender.paid(company, chargeId);
            events.send(paid);

            WebhookReceiver.Request request = awaitRequestWithId(receiver, EventSender.publicId(paid));
            assertThat(StandardWebhooksVerifier.verifies(endpoint.secret(), request)).isTrue();
            JsonPath body = JsonPath.from(request.bodyText());
            assertThat(body.getInt("status.id")).isEqualTo(2);
            assertThat(body.getString("status.name")).isEqualTo("Paid");
            assertThat(body.getLong("paidAmountCents")).isEqualTo(8652);
            assertThat(body.getString("paidAt")).isNotNull();
            assertThat(body.getString("customNumber")).isEqualTo("YOUR-CODE1234");
            assertThat(body.getList("statusHistory.status.name")).containsExactly("Created", "Paid");
            assertThat(body.getLong("version")).isEqualTo(2);
            assertThat(body.getString("eventType")).isEqualTo("charge.paid");
        }
    }

    @Test
    void theSameEventDeliveredTwiceByKafkaIsSentOnce() {
        String company = newCompany();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            register(company, receiver.url("/troco"));
            String chargeId = Ids.next("chg");
            ChargeCreated created = EventSender.created(company, chargeId, null);
            events.send(created);
            events.send(created);
            // A later event of the same charge (same partition) is handled only after both copies.
            ChargePaid paid = EventSender.paid(company, chargeId);
            events.send(paid);

            awaitRequestWithId(receiver, EventSender.publicId(paid));
            awaitRequestWithId(receiver, EventSender.publicId(created));
            assertThat(receiver.requests()).filteredOn(r -> r.header("webhook-id").equals(EventSender.publicId(created)))
                    .hasSize(1);
            assertThat(database().count("SELECT count(*) FROM webhook_delivery WHERE event_id = ?",
                    created.getMeta().getEventId())).isEqualTo(1);
            assertThat(database().count("SELECT count(*) FROM inbox_message WHERE consumer = ? AND message_id = ?",
                    ChargeEventConsumer.NAME, created.getMeta().getEventId().toString())).isEqualTo(1);
        }
    }

    @Test
    void anEndpointFailingThreeTimesGetsTheEventWithTheSameWebhookIdAndEveryAttemptIsLogged() {
        String company = newCompany();
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> request.number() <= 3
                ? new Reply(500, "{\"error\": \"database down\"}", Map.of()) : Reply.ok())) {
            Registered endpoint = register(company, receiver.url("/flaky"));
            ChargeCreated created = EventSender.created(company, Ids.next("chg"), null);

            events.send(created);

            await().atMost(DEADLINE).until(() -> deliveryStatus(created).equals("DELIVERED"));
            assertThat(receiver.requests()).hasSize(4)
                    .allSatisfy(r -> {
                        assertThat(r.header("webhook-id")).isEqualTo(EventSender.publicId(created));
                        assertThat(StandardWebhooksVerifier.verifies(endpoint.secret(), r)).isTrue();
                    });
            List<Map<String, Object>> attempts = attempts(created);
            assertThat(attempts).extracting(a -> a.get("status_code")).containsExactly(500, 500, 500, 200);
            assertThat(attempts).extracting(a -> a.get("attempt_number")).containsExactly(1, 2, 3, 4);
            assertThat(attempts.get(0)).containsEntry("response_body", "{\"error\": \"database down\"}")
                    .containsEntry("url", receiver.url("/flaky"));
            assertThat(attempts).allSatisfy(a -> assertThat((Long) a.get("latency_ms")).isNotNegative());
            assertThat(endpointView(company, endpoint.id()).getString("failingSince")).isNull();
        }
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsRetriedWithTheSameWebhookId() {
        String company = newCompany();
        CountDownLatch never = new CountDownLatch(1);
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> {
            if (request.number() == 1) {
                never.await(ATTEMPT_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            }
            return Reply.ok();
        })) {
            register(company, receiver.url("/slow"));
            ChargeCreated created = EventSender.created(company, Ids.next("chg"), null);

            events.send(created);

            await().atMost(DEADLINE).until(() -> deliveryStatus(created).equals("DELIVERED"));
            assertThat(receiver.requests()).extracting(r -> r.header("webhook-id"))
                    .containsExactly(EventSender.publicId(created), EventSender.publicId(created));
            List<Map<String, Object>> attempts = attempts(created);
            assertThat(attempts.get(0).get("status_code")).isNull();
            assertThat((String) attempts.get(0).get("error")).contains("timed out");
            assertThat((Long) attempts.get(0).get("latency_ms")).isGreaterThanOrEqualTo(ATTEMPT_TIMEOUT.toMillis() - 100);
            assertThat(attempts.get(1).get("status_code")).isEqualTo(200);
        } finally {
            never.countDown();
        }
    }

    @Test
    void anEndpointAnswering410IsDisabledAtOnceAndGetsNothingMore() {
        String company = newCompany();
        try (WebhookReceiver gone = WebhookReceiver.start(request -> Reply.status(410));
                WebhookReceiver other = WebhookReceiver.accepting()) {
            Registered goneEndpoint = register(company, gone.url("/old"));
            String chargeId = Ids.next("chg");
            ChargeCreated created = EventSender.created(company, chargeId, null);

            events.send(created);

            await().atMost(DEADLINE).until(() -> !endpointView(company, goneEndpoint.id()).getBoolean("enabled"));
            JsonPath view = endpointView(company, goneEndpoint.id());
            assertThat(view.getString("disabledReason")).contains("410");
            assertThat(view.getString("disabledAt")).isNotNull();
            assertThat(deliveryStatus(created)).isEqualTo("FAILED");
            assertThat(gone.requests()).hasSize(1);

            // A later event reaches the company's other endpoint, and not the disabled one.
            register(company, other.url("/new"));
            ChargePaid paid = EventSender.paid(company, chargeId);
            events.send(paid);
            awaitRequestWithId(other, EventSender.publicId(paid));
            assertThat(gone.requests()).hasSize(1);
            assertThat(database().count("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?",
                    goneEndpoint.id())).isEqualTo(1);
        }
    }

    @Test
    void aSlowEndpointDoesNotDelayAnotherEndpointsDeliveries() {
        String company = newCompany();
        CountDownLatch release = new CountDownLatch(1);
        try (WebhookReceiver slow = WebhookReceiver.start(request -> {
            release.await(ATTEMPT_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
            return Reply.ok();
        }); WebhookReceiver fast = WebhookReceiver.accepting()) {
            register(company, slow.url("/slow"));
            register(company, fast.url("/fast"));

            for (int i = 0; i < 4; i++) {
                events.send(EventSender.created(company, Ids.next("chg"), null));
            }

            await().atMost(DEADLINE).until(() -> fast.requests().size() == 4);
            assertThat(slow.requests()).isNotEmpty();
            Instant firstSlow = slow.requests().get(0).receivedAt();
            // Every fast delivery arrived while the slow endpoint still held its first attempt.
            assertThat(fast.requests()).allSatisfy(r ->
                    assertThat(r.receivedAt()).isBefore(firstSlow.plus(ATTEMPT_TIMEOUT)));
            // The slow endpoint holds at most its share of the pool (troco.notification.delivery.per-endpoint-concurrency-max).
            assertThat(slow.requests()).hasSizeLessThanOrEqualTo(2);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aChargesCallbackUrlGetsItsEventsSignedWithTheCompanysCallbackSecret() {
        String company = newCompany();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String chargeId = Ids.next("chg");
            ChargeCreated created = EventSender.created(company, chargeId, receiver.url("/orders/42/callback"));
            events.send(created);
            // Later events of the charge carry no URL; they go to the one the charge was created with.
            ChargePaid paid = EventSender.paid(company, chargeId);
            events.send(paid);

            WebhookReceiver.Request first = awaitRequestWithId(receiver, EventSender.publicId(created));
            WebhookReceiver.Request second = awaitRequestWithId(receiver, EventSender.publicId(paid));
            String callbackSecret = given().queryParam("environment", "SANDBOX")
                    .get("/internal/v1/companies/{companyId}/callback-secret", company)
                    .then().statusCode(200).extract().path("secret");
            assertThat(StandardWebhooksVerifier.verifies(callbackSecret, first)).isTrue();
            assertThat(StandardWebhooksVerifier.verifies(callbackSecret, second)).isTrue();
            assertThat(first.path()).isEqualTo("/orders/42/callback");
            assertThat(JsonPath.from(second.bodyText()).getString("status.name")).isEqualTo("Paid");
        }
    }

    @Test
    void duringASecretRotationBothSecretsSign() {
        String company = newCompany();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Registered endpoint = register(company, receiver.url("/rotating"));
            String newSecret = given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                    .body("{\"overlapSeconds\": 3600}")
                    .post("/internal/v1/companies/{companyId}/webhook-endpoints/{id}/rotate-secret", company,
                            endpoint.id())
                    .then().statusCode(200).extract().path("secret");
            ChargeCreated created = EventSender.created(company, Ids.next("chg"), null);

            events.send(created);

            WebhookReceiver.Request request = awaitRequestWithId(receiver, EventSender.publicId(created));
            assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
            assertThat(StandardWebhooksVerifier.verifies(newSecret, request)).isTrue();
            assertThat(StandardWebhooksVerifier.verifies(endpoint.secret(), request)).isTrue();
        }
    }

    @Test
    void anEndpointWhoseAddressIsPrivateAtDeliveryTimeIsRefusedWithoutAConnectionAndNotRetried() {
        String company = newCompany();
        // Stored without the registration check, as if its name had resolved to a public address then.
        String endpointId = Ids.next("whe");
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> endpoints.insert(new WebhookEndpoint(endpointId, company,
                Environment.SANDBOX, "http://10.255.255.1:9/hooks", null, List.of(), true, null, null, null, null,
                now, now), secrets.sealForEndpoint(WebhookSecret.generate(), endpointId)));
        ChargeCreated created = EventSender.created(company, Ids.next("chg"), null);

        events.send(created);

        await().atMost(DEADLINE).until(() -> !attempts(created).isEmpty());
        Map<String, Object> attempt = attempts(created).get(0);
        assertThat(attempt.get("status_code")).isNull();
        assertThat((String) attempt.get("error")).startsWith("address refused").contains("private")
                .endsWith("(not retried)");
        // no retry can reach an address Troco must not call: the delivery fails for good, not for days
        await().atMost(DEADLINE).until(() -> "FAILED".equals(deliveryStatus(created)));
        assertThat(attempts(created)).hasSize(1);
    }

    // --- helpers

    private record Registered(String id, String secret) {
    }

    private static String newCompany() {
        return "cmp_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Registered register(String company, String url) {
        JsonPath answer = given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("url", url))
                .post("/internal/v1/companies/{companyId}/webhook-endpoints", company)
                .then().statusCode(201).extract().jsonPath();
        return new Registered(answer.getString("id"), answer.getString("secret"));
    }

    private static JsonPath endpointView(String company, String endpointId) {
        return given().queryParam("environment", "SANDBOX")
                .get("/internal/v1/companies/{companyId}/webhook-endpoints/{id}", company, endpointId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static WebhookReceiver.Request awaitRequestWithId(WebhookReceiver receiver, String webhookId) {
        await().atMost(DEADLINE).until(() -> receiver.requests().stream()
                .anyMatch(r -> webhookId.equals(r.header("webhook-id"))));
        return receiver.requests().stream().filter(r -> webhookId.equals(r.header("webhook-id"))).findFirst()
                .orElseThrow();
    }

    private String deliveryStatus(ChargeCreated event) {
        List<Map<String, Object>> rows = database().rows("SELECT status FROM webhook_delivery WHERE event_id = ?",
                event.getMeta().getEventId());
        return rows.isEmpty() ? "NONE" : (String) rows.get(0).get("status");
    }

    private List<Map<String, Object>> attempts(ChargeCreated event) {
        return database().rows("""
                SELECT a.attempt_number, a.status_code, a.latency_ms, a.response_body, a.error, a.url
                  FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
                 WHERE d.event_id = ? ORDER BY a.attempt_number""", event.getMeta().getEventId());
    }

    private TestDatabase database() {
        return new TestDatabase(dataSource);
    }
}
