package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

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

/** The internal webhook endpoints API: registration rules, secrets shown once, scoping, rotation. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification"))
class WebhookEndpointsApiTest {

    private static final String ENDPOINTS = "/internal/v1/companies/{companyId}/webhook-endpoints";

    @Test
    void registrationShowsTheSecretOnceAndReadsNeverShowIt() {
        String company = newCompany();
        String id = given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("url", "http://127.0.0.1:9/hooks", "description", "orders",
                        "eventTypes", List.of("charge.paid", "charge.refunded")))
                .post(ENDPOINTS, company)
                .then().statusCode(201)
                .header("Location", containsString("/webhook-endpoints/whe_"))
                .body("id", startsWith("whe_"))
                .body("secret", startsWith("whsec_"))
                .body("enabled", equalTo(true))
                .body("eventTypes", equalTo(List.of("charge.paid", "charge.refunded")))
                .extract().path("id");

        given().queryParam("environment", "SANDBOX").get(ENDPOINTS + "/{id}", company, id)
                .then().statusCode(200).body("url", equalTo("http://127.0.0.1:9/hooks"))
                .body("$", not(org.hamcrest.Matchers.hasKey("secret")));
        given().queryParam("environment", "SANDBOX").get(ENDPOINTS, company)
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(id))
                .body("hasMore", equalTo(false));
    }

    @Test
    void privateAndMetadataAddressesAreRefusedAtRegistration() {
        String company = newCompany();
        for (String url : List.of("http://10.0.0.1/hooks", "http://192.168.1.20:8080/hooks", "http://[::1]:8080/",
                "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/")) {
            given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX").body(Map.of("url", url))
                    .post(ENDPOINTS, company)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("validation_failed"))
                    .body("errors[0].field", equalTo("url"))
                    .body("errors[0].code", equalTo("private_address"));
        }
        given().queryParam("environment", "SANDBOX").get(ENDPOINTS, company)
                .then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void trocosOwnServicePortsAreRefusedEvenOnAllowlistedLocalHosts() {
        String company = newCompany();
        for (String url : List.of("http://127.0.0.1:8084/internal/v1/companies/cmp_other/webhook-endpoints",
                "http://localhost:8081/internal/v1/companies/cmp_other/processing-fee-rate",
                "http://localhost:9080/admin/v1/companies/cmp_other/processing-fee-rate",
                "http://localhost:15432/", "http://127.0.0.1:19092/")) {
            given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX").body(Map.of("url", url))
                    .post(ENDPOINTS, company)
                    .then().statusCode(400)
                    .body("errors[0].field", equalTo("url"))
                    .body("errors[0].code", equalTo("forbidden_port"));
        }
        // The same local host on a port of the merchant's own receiver is still allowed (./troco up).
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("url", "http://127.0.0.1:9/hooks"))
                .post(ENDPOINTS, company)
                .then().statusCode(201);
    }

    @Test
    void productionTakesOnlyHttps() {
        given().contentType(ContentType.JSON).queryParam("environment", "PRODUCTION")
                .body(Map.of("url", "http://127.0.0.1:9/hooks"))
                .post(ENDPOINTS, newCompany())
                .then().statusCode(400).body("errors[0].code", equalTo("https_required"));
    }

    @Test
    void unknownEventTypesAndBadUrlsAreFieldErrors() {
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("url", "http://127.0.0.1:9/", "eventTypes", List.of("charge.paid", "charge.teleported")))
                .post(ENDPOINTS, newCompany())
                .then().statusCode(400).body("errors[0].field", equalTo("eventTypes[1]"))
                .body("errors[0].code", equalTo("unknown_event_type"));
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("url", "https://user:secret@127.0.0.1/"))
                .post(ENDPOINTS, newCompany())
                .then().statusCode(400).body("errors[0].code", equalTo("credentials_in_url"));
        given().contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1:9/"))
                .post(ENDPOINTS, newCompany())
                .then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void anotherCompanyOrEnvironmentSeesNothing() {
        String company = newCompany();
        String id = register(company);

        given().queryParam("environment", "SANDBOX").get(ENDPOINTS + "/{id}", newCompany(), id)
                .then().statusCode(404).body("code", equalTo("not_found"));
        given().queryParam("environment", "PRODUCTION").get(ENDPOINTS + "/{id}", company, id)
                .then().statusCode(404);
        given().queryParam("environment", "SANDBOX").delete(ENDPOINTS + "/{id}", newCompany(), id)
                .then().statusCode(404);
    }

    @Test
    void rotationReturnsANewSecretAndKeepsTheOldOneForTheOverlap() {
        String company = newCompany();
        String id = register(company);

        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX").body("{\"overlapSeconds\": 600}")
                .post(ENDPOINTS + "/{id}/rotate-secret", company, id)
                .then().statusCode(200).body("secret", startsWith("whsec_"))
                .body("previousSecretExpiresAt", not(emptyOrNullString()));
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body("{\"overlapSeconds\": 99999999}")
                .post(ENDPOINTS + "/{id}/rotate-secret", company, id)
                .then().statusCode(400);
    }

    @Test
    void disablingAndEnablingRecordsWhy() {
        String company = newCompany();
        String id = register(company);

        given().queryParam("environment", "SANDBOX").post(ENDPOINTS + "/{id}/disable", company, id)
                .then().statusCode(200).body("enabled", equalTo(false))
                .body("disabledReason", equalTo("disabled by the merchant"));
        given().queryParam("environment", "SANDBOX").post(ENDPOINTS + "/{id}/enable", company, id)
                .then().statusCode(200).body("enabled", equalTo(true)).body("disabledReason", nullValue());
    }

    @Test
    void deletedEndpointsAreGone() {
        String company = newCompany();
        String id = register(company);

        given().queryParam("environment", "SANDBOX").delete(ENDPOINTS + "/{id}", company, id).then().statusCode(204);
        given().queryParam("environment", "SANDBOX").get(ENDPOINTS + "/{id}", company, id).then().statusCode(404);
    }

    private static String register(String company) {
        return given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("url", "http://localhost:9/hooks"))
                .post(ENDPOINTS, company)
                .then().statusCode(201).extract().path("id");
    }

    private static String newCompany() {
        return "cmp_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
