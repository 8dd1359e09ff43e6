package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.troco.events.charge.ChargeCreated;
import dev.troco.kit.id.Ids;
import dev.troco.notification.WebhookReceiver.Reply;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver back from an outage gets its backlog promptly, over the real broker and database: with a
 * retry schedule that waits 10 minutes after the second failure, the events that failed during the
 * outage arrive within seconds of the first delivery that succeeds again, each exactly once, never more
 * than the endpoint's concurrency share at a time. An event the receiver refuses on its own (500 while
 * every other event is accepted) gets one extra attempt when the endpoint recovers, keeps its place in
 * the schedule, and is not hurried again at the same step by a later recovery.
 */
@QuarkusTest
@TestProfile(EndpointRecoveryTest.LongRetries.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification"))
class EndpointRecoveryTest {

    /** After the second failure a delivery waits 10 minutes (8 to 12 with the jitter), as in production it waits 30. */
    public static class LongRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troco.notification.delivery.retry-delays", "PT0.3S,PT10M,PT10M,PT10M");
        }
    }

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The backlog after the recovery: far under the 8 minutes the schedule would make it wait. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);
    private static final int BACKLOG = 30;
    /** troco.notification.delivery.per-endpoint-concurrency-max's default. */
    private static final int PER_ENDPOINT = 2;

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
    void aReceiverBackFromAnOutageGetsItsWholeBacklogPromptlyAndEachEventOnce() throws Exception {
        String company = newCompany();
        AtomicBoolean down = new AtomicBoolean(true);
        Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> {
            if (down.get()) {
                return Reply.status(503);
            }
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(20); // a receiver doing some work: concurrent attempts overlap
            } finally {
                inFlight.decrementAndGet();
            }
            accepted.computeIfAbsent(request.header("webhook-id"), id -> new AtomicInteger()).incrementAndGet();
            return Reply.ok();
        })) {
            String endpointId = register(company, receiver.url("/down"));
            List<String> backlog = new ArrayList<>();
            for (int i = 0; i < BACKLOG; i++) {
                ChargeCreated created = EventSender.created(company, Ids.next("chg"), null);
                events.send(created);
                backlog.add(EventSender.publicId(created));
            }
            // Each failed twice (at once, then 0.3 s later) and now waits 10 minutes.
            await().atMost(DEADLINE).until(() -> waitingLong(company) == BACKLOG);

            down.set(false);
            // Back, but nothing tells Troco yet: the schedule alone would keep the backlog waiting minutes.
            await().during(Duration.ofMillis(1_500)).atMost(DEADLINE).until(accepted::isEmpty);

            ChargeCreated next = EventSender.created(company, Ids.next("chg"), null);
            Instant sent = Instant.now();
            events.send(next);
            await().atMost(DEADLINE).until(() -> accepted.keySet().containsAll(backlog)
                    && accepted.containsKey(EventSender.publicId(next)));
            Instant lastArrived = receiver.requests().stream().map(WebhookReceiver.Request::receivedAt)
                    .max(Instant::compareTo).orElseThrow();
            assertThat(Duration.between(sent, lastArrived)).as("the backlog arrived %s after the recovery",
                    Duration.between(sent, lastArrived)).isLessThan(PROMPTLY);

            // anything sent twice would have arrived within this window
            await().during(Duration.ofMillis(1_000)).atMost(DEADLINE).until(() -> accepted.size() == BACKLOG + 1);
            assertThat(accepted.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(mostInFlight.get()).as("attempts at once to the endpoint").isBetween(1, PER_ENDPOINT);
            Map<String, Long> requestsPerId = receiver.requests().stream()
                    .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
            assertThat(backlog).allSatisfy(id -> assertThat(requestsPerId.get(id)).as(id).isEqualTo(3L));
            assertThat(database.count("""
                    SELECT count(*) FROM webhook_delivery d JOIN event e ON e.id = d.event_id
                     WHERE e.company_id = ? AND d.status = 'DELIVERED' AND d.endpoint_id = ?
                       AND d.leased_until IS NULL AND d.forwarded_from IS NULL""", company, endpointId))
                    .isEqualTo(BACKLOG + 1);
            assertThat(database.count("""
                    SELECT count(*) FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
                      JOIN event e ON e.id = d.event_id WHERE e.company_id = ?""", company))
                    .isEqualTo(BACKLOG * 3L + 1);
        }
    }

    @Test
    void anEventTheReceiverRefusesOnItsOwnGetsOneExtraAttemptAndKeepsItsPlaceInTheSchedule() throws Exception {
        String company = newCompany();
        AtomicBoolean down = new AtomicBoolean(true);
        Set<String> refused = ConcurrentHashMap.newKeySet();
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> {
            if (down.get()) {
                return Reply.status(503);
            }
            return refused.contains(request.header("webhook-id"))
                    ? new Reply(500, "{\"error\": \"cannot parse this one\"}", Map.of()) : Reply.ok();
        })) {
            register(company, receiver.url("/picky"));
            ChargeCreated poison = EventSender.created(company, Ids.next("chg"), null);
            ChargeCreated plain = EventSender.created(company, Ids.next("chg"), null);
            refused.add(EventSender.publicId(poison));
            events.send(poison);
            events.send(plain);
            await().atMost(DEADLINE).until(() -> waitingLong(company) == 2);
            Map<String, Object> scheduled = delivery(poison);

            down.set(false);
            ChargeCreated recovery = EventSender.created(company, Ids.next("chg"), null);
            events.send(recovery);
            // The plain event is delivered at once; the refused one gets its extra attempt and fails it.
            await().atMost(DEADLINE).until(() -> "DELIVERED".equals(delivery(plain).get("status"))
                    && ((Number) delivery(poison).get("attempt_count")).intValue() == 3
                    && delivery(poison).get("leased_until") == null);
            Map<String, Object> afterExtra = delivery(poison);
            assertThat(afterExtra.get("status")).isEqualTo("PENDING");
            assertThat(afterExtra.get("failures_in_row")).isEqualTo(scheduled.get("failures_in_row")).isEqualTo(2);
            assertThat(afterExtra.get("next_attempt_at")).as("back where the schedule had it")
                    .isEqualTo(scheduled.get("next_attempt_at"));
            assertThat(afterExtra.get("forwarded_from")).isNull();

            // Its failure made the endpoint failing again; the next success is a recovery too, but the
            // refused event already had its extra attempt at this step of the schedule.
            ChargeCreated later = EventSender.created(company, Ids.next("chg"), null);
            events.send(later);
            await().atMost(DEADLINE).until(() -> "DELIVERED".equals(delivery(later).get("status")));
            // no further attempt of the refused event within this window
            await().during(Duration.ofMillis(1_500)).atMost(DEADLINE)
                    .until(() -> Integer.valueOf(3).equals(delivery(poison).get("attempt_count")));
            Map<String, Object> afterSecond = delivery(poison);
            assertThat(afterSecond.get("attempt_count")).isEqualTo(3);
            assertThat(afterSecond.get("next_attempt_at")).isEqualTo(scheduled.get("next_attempt_at"));
            assertThat(receiver.requests()).filteredOn(r -> EventSender.publicId(poison).equals(r.header("webhook-id")))
                    .hasSize(3);
            assertThat(receiver.requests()).filteredOn(r -> EventSender.publicId(plain).equals(r.header("webhook-id")))
                    .hasSize(3);
        }
    }

    // ---- fixtures ----

    /** The company's deliveries that failed twice and wait for their 10-minute retry. */
    private long waitingLong(String company) {
        return database.count("""
                SELECT count(*) FROM webhook_delivery d JOIN event e ON e.id = d.event_id
                 WHERE e.company_id = ? AND d.status = 'PENDING' AND d.failures_in_row = 2
                   AND d.leased_until IS NULL AND d.next_attempt_at > now() + interval '5 minutes'""", company);
    }

    private Map<String, Object> delivery(ChargeCreated event) {
        List<Map<String, Object>> rows = database.rows("""
                SELECT status, attempt_count, failures_in_row, next_attempt_at, leased_until, forwarded_from
                  FROM webhook_delivery WHERE event_id = ?""", event.getMeta().getEventId());
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    private static String newCompany() {
        return "cmp_rec" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String register(String company, String url) {
        return given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("url", url))
                .post("/internal/v1/companies/{companyId}/webhook-endpoints", company)
                .then().statusCode(201).extract().jsonPath().getString("id");
    }
}
