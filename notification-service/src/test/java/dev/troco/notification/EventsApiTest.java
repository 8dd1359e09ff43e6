package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.kit.id.Ids;
import dev.troco.notification.WebhookReceiver.Reply;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The internal events API over events published to the real broker: listing, delivery log, redelivery, recovery. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification"))
class EventsApiTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String EVENTS = "/internal/v1/companies/{companyId}/events";

    private static EventSender events;

    @BeforeAll
    static void connect() {
        events = new EventSender();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void listsACompanysEventsNewestFirstInCursorPages() {
        String company = newCompany();
        String firstCharge = Ids.next("chg");
        ChargeCreated first = EventSender.created(company, firstCharge, null);
        ChargeCreated second = EventSender.created(company, Ids.next("chg"), null);
        ChargePaid third = EventSender.paid(company, firstCharge);
        events.send(first);
        events.send(second);
        events.send(third);

        await().atMost(DEADLINE).until(() -> list(company, Map.of()).getList("data").size() == 3);
        assertThat(list(company, Map.of()).getList("data.id")).containsExactly(
                EventSender.publicId(third), EventSender.publicId(second), EventSender.publicId(first));
        JsonPath page1 = list(company, Map.of("limit", 2));
        assertThat(page1.getList("data.id")).containsExactly(EventSender.publicId(third), EventSender.publicId(second));
        assertThat(page1.getBoolean("hasMore")).isTrue();
        JsonPath page2 = list(company, Map.of("limit", 2, "startingAfter", page1.getString("data[1].id")));
        assertThat(page2.getList("data.id")).containsExactly(EventSender.publicId(first));
        assertThat(page2.getBoolean("hasMore")).isFalse();
        JsonPath paidOnly = list(company, Map.of("type", "charge.paid"));
        assertThat(paidOnly.getList("data.id")).containsExactly(EventSender.publicId(third));
        assertThat(paidOnly.getString("data[0].data.status.name")).isEqualTo("Paid");
        assertThat(paidOnly.getLong("data[0].aggregateVersion")).isEqualTo(2);
        assertThat(list(company, Map.of("createdFrom", Instant.now().plusSeconds(60).toString()))
                .getList("data")).isEmpty();
        assertThat(list(newCompany(), Map.of()).getList("data")).isEmpty();
        given().queryParam("environment", "PRODUCTION").get(EVENTS, company)
                .then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void undeliveredEventsAreListedWithTheirDeliveryLog() {
        String company = newCompany();
        try (WebhookReceiver failing = WebhookReceiver.start(request -> new Reply(503, "maintenance", Map.of()))) {
            register(company, failing.url("/down"), List.of("charge.created"));
            String chargeId = Ids.next("chg");
            ChargeCreated created = EventSender.created(company, chargeId, null);
            ChargePaid paid = EventSender.paid(company, chargeId); // no endpoint wants it: nothing to deliver
            events.send(created);
            events.send(paid);

            await().atMost(DEADLINE).until(() -> list(company, Map.of()).getList("data").size() == 2);
            await().atMost(DEADLINE).until(() -> list(company, Map.of("undelivered", true)).getList("data.id")
                    .equals(List.of(EventSender.publicId(created))));
            JsonPath event = given().queryParam("environment", "SANDBOX")
                    .get(EVENTS + "/{id}", company, EventSender.publicId(created))
                    .then().statusCode(200).extract().jsonPath();
            assertThat(event.getString("type")).isEqualTo("charge.created");
            assertThat(event.getString("data.id")).isEqualTo(chargeId);
            assertThat(event.getList("deliveries")).hasSize(1);
            assertThat(event.getString("deliveries[0].webhookId")).isEqualTo(EventSender.publicId(created));
            assertThat(event.getInt("deliveries[0].attempts[0].statusCode")).isEqualTo(503);
            assertThat(event.getString("deliveries[0].attempts[0].responseBody")).isEqualTo("maintenance");
            assertThat(event.getString("deliveries[0].attempts[0].url")).isEqualTo(failing.url("/down"));
        }
    }

    @Test
    void aRedeliveredEventArrivesWithItsWebhookIdOnceTheReceiverIsFixed() {
        String company = newCompany();
        AtomicBoolean fixed = new AtomicBoolean();
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> fixed.get() ? Reply.ok() : Reply.status(500))) {
            register(company, receiver.url("/hooks"), null);
            ChargeCreated created = EventSender.created(company, Ids.next("chg"), null);
            events.send(created);
            await().atMost(DEADLINE).until(() -> "FAILED".equals(deliveryStatus(company, created)));

            fixed.set(true);
            given().queryParam("environment", "SANDBOX")
                    .post(EVENTS + "/{id}/redeliver", company, EventSender.publicId(created))
                    .then().statusCode(202).body("scheduled", equalTo(1));

            await().atMost(DEADLINE).until(() -> "DELIVERED".equals(deliveryStatus(company, created)));
            List<WebhookReceiver.Request> requests = receiver.requests();
            assertThat(requests).allSatisfy(r ->
                    assertThat(r.header("webhook-id")).isEqualTo(EventSender.publicId(created)));
            assertThat(requests.size()).isGreaterThan(1);
        }
    }

    @Test
    void recoverySendsAgainEveryGivenUpDeliverySinceATime() {
        String company = newCompany();
        AtomicBoolean fixed = new AtomicBoolean();
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> fixed.get() ? Reply.ok() : Reply.status(502))) {
            register(company, receiver.url("/hooks"), null);
            ChargeCreated a = EventSender.created(company, Ids.next("chg"), null);
            ChargeCreated b = EventSender.created(company, Ids.next("chg"), null);
            events.send(a);
            events.send(b);
            await().atMost(DEADLINE).until(() -> "FAILED".equals(deliveryStatus(company, a))
                    && "FAILED".equals(deliveryStatus(company, b)));

            fixed.set(true);
            given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                    .body(Map.of("since", Instant.now().minus(Duration.ofHours(1)).toString()))
                    .post(EVENTS + "/recover", company)
                    .then().statusCode(202).body("scheduled", equalTo(2));

            await().atMost(DEADLINE).until(() -> "DELIVERED".equals(deliveryStatus(company, a))
                    && "DELIVERED".equals(deliveryStatus(company, b)));
            assertThat(list(company, Map.of("undelivered", true)).getList("data")).isEmpty();
        }
    }

    @Test
    void badFiltersAndUnknownEventsAreAnsweredPlainly() {
        String company = newCompany();
        given().queryParam("environment", "SANDBOX").queryParam("createdFrom", "yesterday").get(EVENTS, company)
                .then().statusCode(400).body("errors[0].field", equalTo("createdFrom"))
                .body("errors[0].code", equalTo("invalid_time"));
        given().queryParam("environment", "SANDBOX").queryParam("limit", 0).get(EVENTS, company)
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().queryParam("environment", "SANDBOX").queryParam("type", "charge.teleported").get(EVENTS, company)
                .then().statusCode(400).body("errors[0].code", equalTo("unknown_event_type"));
        given().queryParam("environment", "SANDBOX").queryParam("startingAfter", Ids.next("evt")).get(EVENTS, company)
                .then().statusCode(400).body("errors[0].code", equalTo("unknown_cursor"));
        given().queryParam("environment", "SANDBOX").get(EVENTS + "/{id}", company, Ids.next("evt"))
                .then().statusCode(404).body("code", equalTo("not_found"));
        given().queryParam("environment", "SANDBOX").get(EVENTS + "/{id}", company, "not-an-id")
                .then().statusCode(404);
        given().get(EVENTS, company).then().statusCode(400);
    }

    // --- helpers

    private static String newCompany() {
        return "cmp_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonPath list(String company, Map<String, ?> filters) {
        return given().queryParam("environment", "SANDBOX").queryParams(filters).get(EVENTS, company)
                .then().statusCode(200).extract().jsonPath();
    }

    private static void register(String company, String url, List<String> eventTypes) {
        Map<String, Object> body = eventTypes == null ? Map.of("url", url) : Map.of("url", url, "eventTypes", eventTypes);
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX").body(body)
                .post("/internal/v1/companies/{companyId}/webhook-endpoints", company)
                .then().statusCode(201);
    }

    private static String deliveryStatus(String company, ChargeCreated event) {
        JsonPath found = given().queryParam("environment", "SANDBOX")
                .get(EVENTS + "/{id}", company, EventSender.publicId(event))
                .then().extract().jsonPath();
        List<String> statuses = found.getList("deliveries.status");
        return statuses == null || statuses.isEmpty() ? "NONE" : statuses.get(0);
    }
}
