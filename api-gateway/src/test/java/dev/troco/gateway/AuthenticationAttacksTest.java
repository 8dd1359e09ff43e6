package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.security.Totp;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on authentication, over the real gateway and database: a spoofed forwarding header, guessing passwords,
 * TOTP codes, admin and session tokens, and a flood of logins. The gateway here sits behind a trusted proxy on
 * loopback writing X-Forwarded-For, so each test speaks from addresses of its own and no test's failures slow
 * another's calls down.
 */
@QuarkusTest
@TestProfile(AuthenticationAttacksTest.BehindAProxy.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_attacks"))
class AuthenticationAttacksTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "troco.gateway.trusted-proxies", "127.0.0.0/8,::1/128",
                    "troco.gateway.client-address-header", "X-Forwarded-For",
                    "troco.gateway.rate-limit.failed-authentications-per-minute", "10",
                    "troco.gateway.rate-limit.account-failures", "5",
                    "troco.gateway.password-hashing.concurrency", "2",
                    "troco.gateway.password-hashing.waiting-max", "4");
        }
    }

    @Inject
    TestClock clock;

    @TestHTTPResource("/")
    URI base;

    private GatewayFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new GatewayFixture(clock);
    }

    /** A documentation address (RFC 5737) no other test uses. */
    private static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }

    private static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address);
    }

    @Test
    void aForwardedHeaderCannotClaimAnAllowedAddressWhenTheProxyWritesXForwardedFor() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        String key = fixture.createKey(company, apiUserId, "SANDBOX", List.of("203.0.113.7"))
                .then().statusCode(201).extract().path("secret");

        // the attacker holds the key, calls from 198.51.100.9 and claims the allowed address in Forwarded
        given().header("Authorization", "Bearer " + key)
                .header("X-Forwarded-For", "198.51.100.9").header("Forwarded", "for=203.0.113.7")
                .get("/v1/idempotency-keys/x")
                .then().statusCode(403).body("code", equalTo("ip_not_allowed"))
                .body("detail", containsString("198.51.100.9"));
        // the merchant's own call from the allowed address, whatever a Forwarded header says
        given().header("Authorization", "Bearer " + key)
                .header("X-Forwarded-For", "203.0.113.7").header("Forwarded", "for=198.51.100.9")
                .get("/v1/idempotency-keys/x")
                .then().statusCode(404);
    }

    @Test
    void aValidKeyTriedFromAWrongAddressCountsAsAFailedAuthentication() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        String key = fixture.createKey(company, apiUserId, "SANDBOX", List.of("203.0.113.7"))
                .then().statusCode(201).extract().path("secret");
        String thief = newAddress();
        for (int i = 0; i < 10; i++) {
            from(thief).header("Authorization", "Bearer " + key).get("/v1/idempotency-keys/x")
                    .then().statusCode(403).body("code", equalTo("ip_not_allowed"));
        }
        from(thief).header("Authorization", "Bearer " + key).get("/v1/idempotency-keys/x")
                .then().statusCode(429).body("code", equalTo("too_many_failed_authentications"))
                .header("Retry-After", matchesPattern("[1-9]\\d*"));
    }

    @Test
    void wrongPasswordsLockTheAccountOutWhateverAddressTheyComeFrom() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String email = company.moderator().email();
        for (int i = 0; i < 5; i++) {
            login(newAddress(), email, "wrong password " + i, "000000")
                    .then().statusCode(401).body("code", equalTo("invalid_credentials"));
        }
        login(newAddress(), email, "wrong password again", "000000")
                .then().statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("too_many_failed_authentications"))
                .header("Retry-After", matchesPattern("[1-9]\\d*"));
        // locked out: even the right password and a valid code wait
        login(newAddress(), email, company.moderator().password(), fixture.nextCode(company.moderator().totpSecret()))
                .then().statusCode(429);
    }

    @Test
    void wrongTotpCodesAtLoginLockTheAccountOutAndAreAudited() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String email = company.moderator().email();
        String address = newAddress();
        for (int i = 0; i < 5; i++) {
            login(address, email, company.moderator().password(), wrongCode(company))
                    .then().statusCode(401).body("code", equalTo("invalid_credentials"));
        }
        login(address, email, company.moderator().password(), fixture.nextCode(company.moderator().totpSecret()))
                .then().statusCode(429).body("code", equalTo("too_many_failed_authentications"));
        List<String> actions = given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/audit-log?limit=100")
                .then().statusCode(200).extract().path("data.action");
        assertThat(actions).filteredOn("user.second_factor_failed"::equals).hasSize(5);
    }

    @Test
    void aSuccessfulLoginForgetsEarlierFailuresOfTheAccount() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String email = company.moderator().email();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                login(newAddress(), email, "wrong password " + i, "000000").then().statusCode(401);
            }
            login(newAddress(), email, company.moderator().password(),
                    fixture.nextCode(company.moderator().totpSecret())).then().statusCode(200);
        }
    }

    @Test
    void oneAddressGuessingPasswordsOfManyAccountsIsSlowedDown() {
        String address = newAddress();
        for (int i = 0; i < 10; i++) {
            login(address, "nobody-" + UUID.randomUUID() + "@example.com", "some password here", "000000")
                    .then().statusCode(401);
        }
        login(address, "nobody-" + UUID.randomUUID() + "@example.com", "some password here", "000000")
                .then().statusCode(429).header("Retry-After", matchesPattern("[1-9]\\d*"));
    }

    @Test
    void wrongAdminTokensAreToldApartFromAMissingOneAndSlowedDown() {
        String address = newAddress();
        from(address).contentType(ContentType.JSON).body(company()).post("/admin/v1/companies")
                .then().statusCode(401).body("detail", containsString("Send the platform admin token"));
        for (int i = 0; i < 10; i++) {
            from(address).header("Authorization", "Bearer guess-" + i).contentType(ContentType.JSON)
                    .body(company()).post("/admin/v1/companies")
                    .then().statusCode(401).body("detail", containsString("is wrong"));
        }
        from(address).header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(company()).post("/admin/v1/companies")
                .then().statusCode(429).body("code", equalTo("too_many_failed_authentications"))
                .header("Retry-After", matchesPattern("[1-9]\\d*"));
    }

    @Test
    void unknownSessionTokensAreSlowedDown() {
        String address = newAddress();
        for (int i = 0; i < 10; i++) {
            from(address).header("Authorization", "Bearer tss_guess" + i)
                    .get("/v1/companies/cmp_x/users").then().statusCode(401).body("code", equalTo("invalid_session"));
        }
        from(address).header("Authorization", "Bearer tss_guess-again")
                .get("/v1/companies/cmp_x/users").then().statusCode(429).header("Retry-After", matchesPattern("[1-9]\\d*"));
    }

    @Test
    void wrongStepUpCodesAreAuditedAndLockTheAccountOut() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        String address = newAddress();
        for (int i = 0; i < 5; i++) {
            createKey(address, company, apiUserId, wrongCode(company))
                    .then().statusCode(403).body("code", equalTo("invalid_totp"));
        }
        createKey(address, company, apiUserId, fixture.nextCode(company.moderator().totpSecret()))
                .then().statusCode(429).body("code", equalTo("too_many_failed_authentications"))
                .header("Retry-After", matchesPattern("[1-9]\\d*"));
        Response audit = given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/audit-log?limit=100");
        List<String> actions = audit.then().statusCode(200).extract().path("data.action");
        List<String> ips = audit.path("data.findAll { it.action == 'user.second_factor_failed' }.ip");
        assertThat(actions).filteredOn("user.second_factor_failed"::equals).hasSize(5);
        assertThat(ips).containsOnly(address);
        assertThat(actions).doesNotContain("api_key.created");
    }

    @Test
    void threeHundredLoginsAtOnceLeaveTheGatewayAnswering() throws Exception {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        String merchantAddress = newAddress();
        String key = fixture.createKey(company, apiUserId, "SANDBOX", List.of(merchantAddress))
                .then().statusCode(201).extract().path("secret");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String body = "{\"email\":\"flood-" + i + "@example.com\",\"password\":\"aaaaaaaaaaaa\",\"totpCode\":\"000000\"}";
            logins.add(client.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/auth/login"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", newAddress())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        // while they run, merchants are served
        HttpResponse<String> merchantCall = client.send(HttpRequest.newBuilder(base.resolve("/v1/idempotency-keys/x"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + key)
                .header("X-Forwarded-For", merchantAddress).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(merchantCall.statusCode()).isEqualTo(404);

        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> login : logins) {
            HttpResponse<String> answer = login.get();
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 503) {
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(Set.copyOf(statuses)).isSubsetOf(401, 429, 503);
        assertThat(statuses).contains(503);
        given().get("/q/health/live").then().statusCode(200);
        from(merchantAddress).header("Authorization", "Bearer " + key).get("/v1/idempotency-keys/x")
                .then().statusCode(404);
    }

    private Response login(String address, String email, String password, String code) {
        return from(address).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "totpCode", code))
                .post("/v1/auth/login");
    }

    private Response createKey(String address, CompanyWithModerator company, String apiUserId, String code) {
        return from(address).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("environment", "SANDBOX", "allowedIps", List.of("203.0.113.7"), "totpCode", code))
                .post("/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys");
    }

    /** A well-formed code that is not the current one (nor the one of the steps around it). */
    private String wrongCode(CompanyWithModerator company) {
        fixture.toMiddleOfNextStep();
        byte[] secret = company.moderator().totpSecret();
        String current = Totp.code(secret, clock.instant());
        String before = Totp.code(secret, clock.instant().minusSeconds(30));
        String after = Totp.code(secret, clock.instant().plusSeconds(30));
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(current) && !code.equals(before) && !code.equals(after)) {
                return code;
            }
        }
    }

    private static Map<String, Object> company() {
        return Map.of("name", "Loja", "products", List.of("PAYIN"), "moderatorEmail",
                "m-" + UUID.randomUUID() + "@example.com", "moderatorName", "M");
    }
}
