package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.GatewayFixture.Person;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access control's refusals of requests that are well formed but contradict what exists: each answers 409
 * {@code conflict} with a detail saying why, and changes nothing.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway"))
class AccessControlConflictsTest {

    @Inject
    TestClock clock;

    private GatewayFixture fixture;
    private CompanyWithModerator company;
    private String base;

    @BeforeEach
    void setUp() {
        fixture = new GatewayFixture(clock);
        company = fixture.newCompany("PAYIN");
        base = "/v1/companies/" + company.companyId();
    }

    @Test
    void peopleAndApiUsersAreNotInterchangeable() {
        Person viewer = fixture.invite(company, "VIEW");
        String apiUser = fixture.createApiUser(company, "transactions:read");

        conflict(moderator().body(Map.of("role", "WRITE", "totpCode", code())).put(base + "/users/" + apiUser + "/role"),
                "API users have permissions, not roles");
        conflict(moderator().body(Map.of("permissions", List.of("transactions:read"), "totpCode", code()))
                .put(base + "/api-users/" + viewer.userId() + "/permissions"), "people have roles");
        conflict(moderator().body(Map.of("environment", "SANDBOX", "allowedIps", List.of("127.0.0.1"), "totpCode", code()))
                .post(base + "/api-users/" + viewer.userId() + "/keys"), "is a person");
        conflict(moderator().body(Map.of("totpCode", code())).post(base + "/users/" + apiUser + "/totp-reset"),
                "API users have no second factor");
        // nothing changed: the viewer is still a viewer, the API user still has no key
        given().header("Authorization", "Bearer " + company.moderator().session()).get(base + "/users")
                .then().statusCode(200)
                .body("data.find { it.id == '" + viewer.userId() + "' }.role", equalTo("VIEW"));
        given().header("Authorization", "Bearer " + company.moderator().session())
                .get(base + "/api-users/" + apiUser + "/keys").then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void anEmailAlreadyInUseCannotBeInvitedAgain() {
        Person writer = fixture.invite(company, "WRITE");
        conflict(moderator().body(Map.of("email", writer.email(), "name", "Again", "role", "VIEW"))
                .post(base + "/users"), "already exists");
        conflict(moderator().body(Map.of("email", writer.email(), "name", "API", "permissions",
                List.of("transactions:read"))).post(base + "/api-users"), "already exists");
    }

    @Test
    void theLastModeratorStaysAndResetsNoOwnSecondFactor() {
        conflict(moderator().header("Troco-Totp-Code", code())
                .delete(base + "/users/" + company.moderator().userId()), "at least one Moderator");
        conflict(moderator().body(Map.of("totpCode", code()))
                .post(base + "/users/" + company.moderator().userId() + "/totp-reset"), "Another Moderator");
    }

    @Test
    void aKeyKeepsBetweenOneAndFiftyAllowedAddresses() {
        String apiUser = fixture.createApiUser(company, "transactions:read");
        List<String> fifty = IntStream.range(0, 50).mapToObj(i -> "198.51.100." + (i + 1)).toList();
        String keyId = fixture.createKey(company, apiUser, "SANDBOX", fifty).then().statusCode(201)
                .extract().path("id");
        String ips = base + "/api-users/" + apiUser + "/keys/" + keyId + "/allowed-ips";
        conflict(moderator().body(Map.of("cidr", "203.0.113.7", "totpCode", code())).post(ips), "at most 50");

        String oneKey = fixture.createKey(company, apiUser, "SANDBOX", List.of("203.0.113.9")).then().statusCode(201)
                .extract().path("id");
        conflict(moderator().queryParam("cidr", "203.0.113.9")
                .delete(base + "/api-users/" + apiUser + "/keys/" + oneKey + "/allowed-ips"), "at least one allowed IP");
        given().header("Authorization", "Bearer " + company.moderator().session())
                .get(base + "/api-users/" + apiUser + "/keys/" + oneKey + "/allowed-ips")
                .then().statusCode(200).body("data.size()", equalTo(1));
    }

    private RequestSpecification moderator() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session());
    }

    private String code() {
        return fixture.nextCode(company.moderator().totpSecret());
    }

    private static void conflict(Response response, String detail) {
        response.then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("conflict")).body("detail", containsString(detail));
    }
}
