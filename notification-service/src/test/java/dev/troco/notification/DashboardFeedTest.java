package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.troco.events.charge.ChargePaid;
import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard feed: entries for the users the settings name, newest first with a cursor, unread
 * count and mark-as-read, and a live Server-Sent Events stream that gets an entry as soon as its
 * event is consumed, and also one recorded by another replica (announced through PostgreSQL).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification_channels"))
@WithTestResource(value = ChannelsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DashboardFeedTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String USER = NotificationSettingsApiTest.USER;
    private static final String OTHER_USER = "usr_01jdq3m5v8k2x9c7b4n6r0t1xa";
    private static final String FEED = "/internal/v1/companies/{companyId}/dashboard/users/{userId}/notifications";
    private static EventSender events;

    @TestHTTPResource("/")
    URL root;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void connect() {
        events = new EventSender();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void aSubscriberReceivesTheNotificationLiveWhenItsEventIsConsumed() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        configureDashboard(company, "charge.paid", USER);
        try (Stream stream = Stream.open(root, company, USER, null)) {
            stream.awaitEvent("ready");
            String chargeId = Ids.next("chg");
            events.send(EventSender.created(company, chargeId, null));
            ChargePaid paid = EventSender.paid(company, chargeId);
            events.send(paid);

            Stream.Event received = stream.awaitEvent("notification");
            JsonPath data = JsonPath.from(received.data());
            assertThat(data.getString("eventId")).isEqualTo(EventSender.publicId(paid));
            assertThat(data.getString("eventType")).isEqualTo("charge.paid");
            assertThat(data.getString("title")).isEqualTo("Charge received: YOUR-CODE1234");
            assertThat(data.getString("body")).isEqualTo("BRL 86.52 · Paid · Maria da Silva");
            assertThat(data.getBoolean("read")).isFalse();
            assertThat(received.id()).isEqualTo(data.getString("id"));
        }
        // Only charge.paid was configured for the dashboard, and only for USER.
        given().get(FEED, company, USER).then().statusCode(200).body("data", hasSize(1));
        given().get(FEED, company, OTHER_USER).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void anEntryRecordedByAnotherReplicaReachesThisReplicasSubscriber() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        try (Stream stream = Stream.open(root, company, USER, null)) {
            stream.awaitEvent("ready");
            // Another replica: its own connection, its own transaction, announcing the entry on commit.
            String id = Ids.next("ntf");
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO dashboard_notification (id, company_id, environment, user_id, event_id, event_type,
                            title, body, created_at) VALUES (?, ?, 'SANDBOX', ?, ?, 'document.requested', ?, ?, now())""")) {
                    insert.setString(1, id);
                    insert.setString(2, company);
                    insert.setString(3, USER);
                    insert.setObject(4, Ids.uuid7());
                    insert.setString(5, "Document requested");
                    insert.setString(6, "from replica B");
                    insert.executeUpdate();
                }
                try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('troco_dashboard', ?)")) {
                    notify.setString(1, id);
                    notify.execute();
                }
                connection.commit();
            }

            Stream.Event received = stream.awaitEvent("notification");
            assertThat(received.id()).isEqualTo(id);
            assertThat(JsonPath.from(received.data()).getString("body")).isEqualTo("from replica B");
        }
    }

    @Test
    void aReconnectingStreamCatchesUpAfterItsLastEventId() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        configureDashboard(company, "charge.created", USER);
        events.send(EventSender.created(company, Ids.next("chg"), null));
        await().atMost(DEADLINE).until(() -> unread(company, USER) == 1);
        String first = given().get(FEED, company, USER).then().extract().path("data[0].id");
        events.send(EventSender.created(company, Ids.next("chg"), null));
        await().atMost(DEADLINE).until(() -> unread(company, USER) == 2);
        String second = given().get(FEED, company, USER).then().extract().path("data[0].id");

        try (Stream stream = Stream.open(root, company, USER, first)) {
            assertThat(stream.awaitEvent("notification").id()).isEqualTo(second);
        }
    }

    @Test
    void theFeedPagesNewestFirstAndCountsAndMarksWhatIsRead() {
        String company = NotificationSettingsApiTest.newCompany();
        configureDashboard(company, "charge.created", USER, OTHER_USER);
        for (int i = 0; i < 3; i++) {
            events.send(EventSender.created(company, Ids.next("chg"), null));
        }
        await().atMost(DEADLINE).until(() -> unread(company, USER) == 3 && unread(company, OTHER_USER) == 3);

        JsonPath firstPage = given().queryParam("limit", 2).get(FEED, company, USER)
                .then().statusCode(200).body("data", hasSize(2)).body("hasMore", equalTo(true)).extract().jsonPath();
        List<String> ids = firstPage.getList("data.id");
        assertThat(ids.get(0)).isGreaterThan(ids.get(1));
        given().queryParam("limit", 2).queryParam("startingAfter", ids.get(1)).get(FEED, company, USER)
                .then().statusCode(200).body("data", hasSize(1)).body("hasMore", equalTo(false));

        given().post(FEED + "/{id}/read", company, USER, ids.get(0)).then().statusCode(200)
                .body("read", equalTo(true));
        assertThat(unread(company, USER)).isEqualTo(2);
        // Another user's entry is not this user's to mark.
        given().post(FEED + "/{id}/read", company, OTHER_USER, ids.get(0)).then().statusCode(404);
        given().post(FEED + "/read-all", company, USER).then().statusCode(200).body("marked", equalTo(2));
        assertThat(unread(company, USER)).isZero();
        assertThat(unread(company, OTHER_USER)).isEqualTo(3);
        given().queryParam("limit", 0).get(FEED, company, USER).then().statusCode(400);
    }

    private static long unread(String company, String user) {
        return given().get(FEED + "/unread-count", company, user).then().statusCode(200).extract()
                .<Number>path("unread").longValue();
    }

    private static void configureDashboard(String company, String eventType, String... users) {
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("channels", List.of("dashboard"), "dashboardUserIds", List.of(users)))
                .put("/internal/v1/companies/{companyId}/notification-settings/{type}", company, eventType)
                .then().statusCode(200);
    }

    /** A Server-Sent Events client reading the stream line by line on its own thread. */
    static final class Stream implements AutoCloseable {

        record Event(String name, String id, String data) {
        }

        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final InputStream body;
        private final Thread reader;
        private int consumed;

        private Stream(InputStream body) {
            this.body = body;
            this.reader = new Thread(this::read, "sse-test-client");
            reader.setDaemon(true);
            reader.start();
        }

        static Stream open(URL root, String company, String user, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root.toString()).resolve(
                    "internal/v1/companies/" + company + "/dashboard/users/" + user + "/notifications/stream"))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            return new Stream(response.body());
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String name = null;
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (name != null || data.length() > 0) {
                            events.add(new Event(name == null ? "message" : name, id, data.toString()));
                        }
                        name = null;
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (java.io.IOException e) {
                // closed by the test
            }
        }

        /** The next event of this name after those already consumed. */
        Event awaitEvent(String name) {
            Instant deadline = Instant.now().plus(DEADLINE);
            await().atMost(DEADLINE).until(() -> events.stream().skip(consumed).anyMatch(e -> e.name().equals(name)));
            for (int i = consumed; i < events.size(); i++) {
                if (events.get(i).name().equals(name)) {
                    consumed = i + 1;
                    return events.get(i);
                }
            }
            throw new AssertionError("no " + name + " event before " + deadline);
        }

        @Override
        public void close() throws java.io.IOException {
            body.close();
        }
    }
}
