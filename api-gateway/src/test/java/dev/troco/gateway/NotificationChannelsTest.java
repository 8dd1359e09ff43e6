package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of notification settings, the dashboard feed and the Moderators directory:
 * what it checks itself (keys and permissions, sessions and memberships, that named dashboard users
 * are the company's people) and what it passes to the notification-service; the live stream is
 * relayed as it is written.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_notifications"))
@WithTestResource(value = NotificationServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class NotificationChannelsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @TestHTTPResource("/")
    URL root;

    @Test
    void theModeratorsReadListsActiveModeratorsOnlyAndIsNotServedThroughAProxy() {
        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        fixture.createApiUser(company, "transactions:read");
        String invited = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", "second-" + company.companyId() + "@example.com", "name", "Second",
                        "role", "MODERATOR", "totpCode", fixture.nextCode(company.moderator().totpSecret())))
                .post("/v1/companies/" + company.companyId() + "/users")
                .then().statusCode(201).extract().path("user.id");

        given().get("/internal/v1/companies/{id}/moderators", company.companyId())
                .then().statusCode(200)
                .body("data.email", contains(company.moderator().email()))
                .body("data.userId", contains(company.moderator().userId()));
        assertThat(invited).isNotEqualTo(company.moderator().userId());
        given().get("/internal/v1/companies/{id}/moderators", "cmp_nobody").then().statusCode(200)
                .body("data", empty());
        given().header("X-Forwarded-For", "203.0.113.7").get("/internal/v1/companies/{id}/moderators",
                company.companyId()).then().statusCode(404);
    }

    @Test
    void settingsArePassedOnWithTheKeysCompanyAndEnvironmentAndStrangersAreRefused() {
        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String manager = key(fixture, company, "notifications:manage");
        String reader = key(fixture, company, "transactions:read");
        CompanyWithModerator other = fixture.newCompany("PAYIN");

        given().header("Authorization", "Bearer " + manager).get("/v1/notification-settings")
                .then().statusCode(200).body("path", equalTo("/internal/v1/companies/" + company.companyId()
                        + "/notification-settings?environment=SANDBOX"));
        given().header("Authorization", "Bearer " + reader).get("/v1/notification-settings")
                .then().statusCode(403).body("code", equalTo("missing_permission"));

        String body = "{\"channels\":[\"dashboard\"],\"dashboardUserIds\":[\"" + company.moderator().userId() + "\"]}";
        given().header("Authorization", "Bearer " + manager).contentType(ContentType.JSON).body(body)
                .put("/v1/notification-settings/charge.paid")
                .then().statusCode(200).body("method", equalTo("PUT"));
        assertThat(NotificationServiceStub.CALLS).anyMatch(c -> c.method().equals("PUT") && c.body().equals(body)
                && c.path().equals("/internal/v1/companies/" + company.companyId()
                        + "/notification-settings/charge.paid?environment=SANDBOX"));

        int calls = NotificationServiceStub.CALLS.size();
        given().header("Authorization", "Bearer " + manager).contentType(ContentType.JSON)
                .body("{\"channels\":[\"dashboard\"],\"dashboardUserIds\":[\"" + other.moderator().userId() + "\"]}")
                .put("/v1/notification-settings/charge.paid")
                .then().statusCode(422).body("errors[0].field", equalTo("dashboardUserIds[0]"))
                .body("errors[0].code", equalTo("unknown_user"));
        assertThat(NotificationServiceStub.CALLS).hasSize(calls);
    }

    @Test
    void theDashboardFeedIsTheSessionsPersonInTheirCompany() {
        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String session = "Bearer " + company.moderator().session();
        String feed = "/internal/v1/companies/" + company.companyId() + "/dashboard/users/"
                + company.moderator().userId() + "/notifications";

        given().header("Authorization", session).get("/v1/dashboard/notifications?limit=5")
                .then().statusCode(200).body("path", equalTo(feed + "?limit=5"));
        given().header("Authorization", session).get("/v1/dashboard/notifications/unread-count")
                .then().statusCode(200).body("path", equalTo(feed + "/unread-count"));
        given().header("Authorization", session).post("/v1/dashboard/notifications/ntf_x/read")
                .then().statusCode(200).body("path", equalTo(feed + "/ntf_x/read"));
        given().header("Authorization", session).post("/v1/dashboard/notifications/read-all")
                .then().statusCode(200).body("path", equalTo(feed + "/read-all"));

        given().get("/v1/dashboard/notifications").then().statusCode(401).body("code", equalTo("invalid_session"));
        given().header("Authorization", session).queryParam("companyId", fixture.newCompany("PAYIN").companyId())
                .get("/v1/dashboard/notifications").then().statusCode(404);
    }

    @Test
    void theLiveStreamIsRelayedAsItIsWritten() throws Exception {
        GatewayFixture fixture = new GatewayFixture(clock);
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        HttpRequest request = HttpRequest.newBuilder(URI.create(root.toString()).resolve(
                        "v1/dashboard/notifications/stream"))
                .header("Authorization", "Bearer " + company.moderator().session())
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // closed by the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(DEADLINE).until(() -> lines.contains("event: ready"));
            assertThat(NotificationServiceStub.CALLS).anyMatch(c -> c.path().equals("/internal/v1/companies/"
                    + company.companyId() + "/dashboard/users/" + company.moderator().userId()
                    + "/notifications/stream"));

            NotificationServiceStub.push("event: notification\nid: ntf_1\ndata: {\"title\":\"Charge received\"}\n\n");

            await().atMost(DEADLINE).until(() -> lines.contains("data: {\"title\":\"Charge received\"}"));
            assertThat(lines).contains("id: ntf_1");
        } finally {
            response.body().close();
        }

        given().get("/v1/dashboard/notifications/stream").then().statusCode(401)
                .contentType("application/problem+json");
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/dashboard/notifications/stream'.get.summary",
                        equalTo("Live stream of my new notifications (Server-Sent Events)"));
    }

    private static String key(GatewayFixture fixture, CompanyWithModerator company, String... permissions) {
        String apiUserId = fixture.createApiUser(company, permissions);
        return fixture.createKey(company, apiUserId, "SANDBOX", List.of("127.0.0.1", "::1")).path("secret");
    }

    @Test
    void anEmailRecipientConfirmsOnlyByThePagesButtonNeverByOpeningTheLink() {
        String token = NotificationServiceStub.KNOWN_CONFIRMATION_TOKEN;
        int before = confirmationCalls();
        String page = given().queryParam("token", token).get("/email-recipients/confirm")
                .then().statusCode(200).contentType("text/html")
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Referrer-Policy", equalTo("no-referrer")).header("Cache-Control", equalTo("no-store"))
                .extract().asString();
        assertThat(page).contains("method=\"post\"").contains("value=\"" + token + "\"");
        assertThat(confirmationCalls()).isEqualTo(before);

        given().contentType("application/x-www-form-urlencoded").formParam("token", token)
                .post("/email-recipients/confirm").then().statusCode(200)
                .body(containsString("Confirmed: f***@loja.example"));
        assertThat(confirmationCalls()).isEqualTo(before + 1);
        given().contentType("application/x-www-form-urlencoded").formParam("token", "unknown-token-0123456789abc")
                .post("/email-recipients/confirm").then().statusCode(404)
                .body(containsString("unknown, already used or expired"));
        given().queryParam("token", "<script>").get("/email-recipients/confirm").then().statusCode(400)
                .body(org.hamcrest.Matchers.not(containsString("<script>")));
    }

    private static int confirmationCalls() {
        return (int) NotificationServiceStub.CALLS.stream()
                .filter(c -> c.path().startsWith("/internal/v1/email-recipient-confirmations")).count();
    }
}
