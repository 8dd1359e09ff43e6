package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's OpenAPI document describes every public endpoint, with an example for every request body. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway"))
class OpenApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyEndpointHasASummaryAndEveryRequestBodyAnExample() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json")
                .get("/q/openapi").then().statusCode(200).extract().path("paths");
        List<String> missing = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/v1/") && !path.getKey().startsWith("/admin/")
                    && !path.getKey().startsWith("/payment/")) {
                continue;
            }
            for (var operation : path.getValue().entrySet()) {
                operations++;
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Object> details = operation.getValue();
                if (details.get("summary") == null) {
                    missing.add(name + ": summary");
                }
                Map<String, Object> body = (Map<String, Object>) details.get("requestBody");
                if (body != null) {
                    Map<String, Object> json = (Map<String, Object>) ((Map<String, Object>) body.get("content"))
                            .get("application/json");
                    if (json == null || json.get("examples") == null) {
                        missing.add(name + ": request example");
                    }
                }
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(15);
        assertThat(paths).containsKey("/payment/initiate");
        assertThat(missing).isEmpty();
    }

    /** A client generator knows which credential each operation takes; only the public doors take none. */
    @Test
    @SuppressWarnings("unchecked")
    void everyOperationNamesItsCredential() {
        Map<String, Object> document = given().accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().path("");
        Map<String, Map<String, Object>> schemes = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) document.get("components")).get("securitySchemes");
        assertThat(schemes).containsOnlyKeys("apiKey", "session", "adminToken");
        assertThat(schemes.values()).allSatisfy(scheme -> assertThat(scheme).containsEntry("scheme", "bearer"));
        List<String> publicOperations = List.of("POST /v1/auth/activate", "POST /v1/auth/login", "POST /payment/initiate");
        Map<String, Map<String, Map<String, Object>>> paths =
                (Map<String, Map<String, Map<String, Object>>>) document.get("paths");
        Map<String, String> credentialOf = new java.util.TreeMap<>();
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/v1/") && !path.getKey().startsWith("/admin/")
                    && !path.getKey().startsWith("/payment/")) {
                continue;
            }
            for (var operation : path.getValue().entrySet()) {
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                List<Map<String, Object>> security = (List<Map<String, Object>>) operation.getValue().get("security");
                credentialOf.put(name, security == null ? "none" : String.join(",", security.get(0).keySet()));
            }
        }
        assertThat(credentialOf).containsEntry("POST /v1/charges", "apiKey")
                .containsEntry("GET /v1/events", "apiKey")
                .containsEntry("POST /v1/companies/{companyId}/api-users", "session")
                .containsEntry("GET /v1/dashboard/notifications", "session")
                .containsEntry("POST /v1/auth/logout", "session")
                .containsEntry("POST /admin/v1/companies", "adminToken");
        credentialOf.forEach((name, credential) -> assertThat(credential).as(name)
                .isEqualTo(publicOperations.contains(name) ? "none" : credential.equals("none") ? "a credential" : credential));
    }

    /** A generated client names its methods after operationIds: every operation has one, and no two the same. */
    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasItsOwnOperationId() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json")
                .get("/q/openapi").then().statusCode(200).extract().path("paths");
        Map<String, String> operationOf = new java.util.TreeMap<>();
        List<String> missing = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, details) -> {
            String name = method.toUpperCase() + " " + path;
            Object id = details.get("operationId");
            if (!(id instanceof String operationId) || operationId.isBlank()) {
                missing.add(name);
            } else if (operationOf.putIfAbsent(operationId, name) != null) {
                repeated.add(operationId + ": " + operationOf.get(operationId) + " and " + name);
            }
        }));
        assertThat(missing).as("operations without an operationId").isEmpty();
        assertThat(repeated).as("operationIds used twice").isEmpty();
        assertThat(operationOf).containsEntry("createCharge", "POST /v1/charges")
                .containsEntry("streamDashboardNotifications", "GET /v1/dashboard/notifications/stream");
    }
}
