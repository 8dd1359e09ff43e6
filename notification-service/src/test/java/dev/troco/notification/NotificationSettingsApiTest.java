package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Notification settings: defaults until configured, a whole setting replaced per event type, every bad field a 422. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification_channels"))
@WithTestResource(value = ChannelsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class NotificationSettingsApiTest {

    private static final String SETTINGS = "/internal/v1/companies/{companyId}/notification-settings";
    static final String USER = "usr_01jdq3m5v8k2x9c7b4n6r0t1wz";

    @Test
    void unconfiguredTypesShowTheDefaultsIncludingTypesWithNoProducerYet() {
        String company = newCompany();
        given().queryParam("environment", "SANDBOX").get(SETTINGS, company)
                .then().statusCode(200)
                .body("data.eventType", hasItem("charge.paid"))
                .body("data.eventType", hasItem("document.requested"))
                .body("data.find { it.eventType == 'charge.paid' }.channels", contains("webhook"))
                .body("data.find { it.eventType == 'charge.paid' }.configured", equalTo(false))
                .body("data.find { it.eventType == 'charge.paid' }.label", equalTo("Charge received"))
                .body("data.find { it.eventType == 'payout.confirmed' }.produced", equalTo(false))
                .body("data.find { it.eventType == 'payout.confirmed' }.label", equalTo("Payment confirmed"));
    }

    @Test
    void aSettingIsStoredPerCompanyAndEnvironmentAndCanBeResetToTheDefaults() {
        String company = newCompany();
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("channels", List.of("email", "dashboard"),
                        "emailRecipients", List.of("Finance@Loja.example", "finance@loja.example", "ops@loja.example"),
                        "dashboardUserIds", List.of(USER)))
                .put(SETTINGS + "/{type}", company, "document.requested")
                .then().statusCode(200)
                .body("channels", contains("email", "dashboard"))
                .body("emailRecipients", contains("Finance@Loja.example", "ops@loja.example"))
                .body("dashboardUserIds", contains(USER))
                .body("configured", equalTo(true));

        given().queryParam("environment", "SANDBOX").get(SETTINGS + "/{type}", company, "document.requested")
                .then().statusCode(200).body("channels", containsInAnyOrder("email", "dashboard"));
        given().queryParam("environment", "PRODUCTION").get(SETTINGS + "/{type}", company, "document.requested")
                .then().statusCode(200).body("channels", contains("webhook")).body("configured", equalTo(false));
        given().queryParam("environment", "SANDBOX").get(SETTINGS + "/{type}", newCompany(), "document.requested")
                .then().statusCode(200).body("configured", equalTo(false));

        given().queryParam("environment", "SANDBOX").delete(SETTINGS + "/{type}", company, "document.requested")
                .then().statusCode(204);
        given().queryParam("environment", "SANDBOX").get(SETTINGS + "/{type}", company, "document.requested")
                .then().statusCode(200).body("channels", contains("webhook")).body("updatedAt", nullValue());
    }

    @Test
    void badAddressesUnknownChannelsAndMissingRecipientsAreAll422AtOnce() {
        String company = newCompany();
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("channels", List.of("webhook", "sms", "email", "dashboard"),
                        "emailRecipients", List.of("not-an-address", "a@b.example\r\nBcc: x@evil.example",
                                "Name <n@loja.example>"),
                        "dashboardUserIds", List.of("usr_short")))
                .put(SETTINGS + "/{type}", company, "charge.paid")
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("unprocessable"))
                .body("errors.field", containsInAnyOrder("channels[1]", "emailRecipients[0]", "emailRecipients[1]",
                        "emailRecipients[2]", "dashboardUserIds[0]"))
                .body("errors.find { it.field == 'channels[1]' }.code", equalTo("unknown_channel"))
                .body("errors.find { it.field == 'emailRecipients[0]' }.code", equalTo("invalid_email"));

        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("channels", List.of("email", "dashboard")))
                .put(SETTINGS + "/{type}", company, "charge.paid")
                .then().statusCode(422)
                .body("errors.field", containsInAnyOrder("emailRecipients", "dashboardUserIds"));

        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("channels", List.of("webhook")))
                .put(SETTINGS + "/{type}", company, "charge.teleported")
                .then().statusCode(422).body("errors[0].field", equalTo("eventType"))
                .body("errors[0].code", equalTo("unknown_event_type"));
        given().queryParam("environment", "SANDBOX").get(SETTINGS + "/{type}", company, "charge.teleported")
                .then().statusCode(422);

        given().queryParam("environment", "SANDBOX").get(SETTINGS + "/{type}", company, "charge.paid")
                .then().statusCode(200).body("configured", equalTo(false));
    }

    static String newCompany() {
        return "cmp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
