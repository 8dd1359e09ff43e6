package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.troco.events.charge.CreateCharge;
import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.messaging.EventWaiter;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every merchant call: key, IP, permission, company scope, rate limits and idempotency, over the real broker. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway"))
class MerchantApiTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");
    private static FakeChargeService chargeService;

    @Inject
    TestClock clock;

    @Inject
    EventWaiter waiter;

    private GatewayFixture fixture;

    @BeforeAll
    static void startFakeChargeService() {
        chargeService = new FakeChargeService();
    }

    @AfterAll
    static void stopFakeChargeService() {
        if (chargeService != null) { // null when the application failed to start: let that error be the one reported
            chargeService.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = new GatewayFixture(clock);
        chargeService.pause(false);
        waiter.ready().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aValidKeyCreatesAChargeAndEveryAnswerCarriesRateLimitHeaders() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "charges:create");
        createCharge(merchant.key(), null, charge("ORDER-1"))
                .then().statusCode(201)
                .header("Location", containsString("/v1/charges/chg_"))
                .header("RateLimit-Policy", equalTo("\"key\";q=100;w=1, \"company\";q=200;w=1"))
                .header("RateLimit", matchesPattern("\"(key|company)\";r=\\d+;t=\\d+"))
                .body("id", startsWith("chg_"))
                .body("status.name", equalTo("Created"))
                .body("typePayin", equalTo("pix"))
                .body("amountCents", equalTo(10000))
                .body("buyerDocument", equalTo("34960826312"));
    }

    @Test
    void aMissingMalformedOrUnknownKeyIsRefused() {
        given().contentType(ContentType.JSON).body(charge("X")).post("/v1/charges")
                .then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("invalid_api_key"));
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "charges:create");
        String mistyped = merchant.key().substring(0, 20) + (merchant.key().charAt(20) == 'x' ? 'y' : 'x')
                + merchant.key().substring(21);
        createCharge(mistyped, null, charge("X")).then().statusCode(401).body("code", equalTo("invalid_api_key"));
    }

    @Test
    void aCallFromAnAddressNotAllowedIsRefusedAndASpoofedHeaderChangesNothing() {
        Merchant merchant = merchant("SANDBOX", List.of("10.0.0.0/8"), "charges:create");
        createCharge(merchant.key(), null, charge("X"))
                .then().statusCode(403).body("code", equalTo("ip_not_allowed"))
                .body("detail", containsString("127.0.0.1"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .header("X-Forwarded-For", "10.1.2.3").header("Forwarded", "for=10.1.2.3")
                .body(charge("X")).post("/v1/charges")
                .then().statusCode(403).body("code", equalTo("ip_not_allowed"));
    }

    @Test
    void aMissingPermissionIsNamedInThe403() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "transactions:read");
        createCharge(merchant.key(), null, charge("X"))
                .then().statusCode(403).body("code", equalTo("missing_permission"))
                .body("detail", containsString("charges:create"));
    }

    @Test
    void aRevokedKeyStopsWorkingWithinOneSecond() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "transactions:read");
        lookup(merchant.key(), "warm-the-cache").then().statusCode(404);
        given().header("Authorization", "Bearer " + merchant.company().moderator().session())
                .header("Troco-Totp-Code", fixture.nextCode(merchant.company().moderator().totpSecret()))
                .delete(merchant.keyPath()).then().statusCode(200);
        long revokedAt = System.nanoTime();
        await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(50))
                .until(() -> lookup(merchant.key(), "x").statusCode() == 401);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt)).isLessThanOrEqualTo(1500);
    }

    @Test
    void aRemovedAddressStopsWorkingWithinOneSecond() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "transactions:read");
        lookup(merchant.key(), "warm").then().statusCode(404);
        String ips = merchant.keyPath() + "/allowed-ips";
        given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + merchant.company().moderator().session())
                .body(Map.of("cidr", "10.0.0.0/8", "totpCode",
                        fixture.nextCode(merchant.company().moderator().totpSecret())))
                .post(ips).then().statusCode(201);
        for (String ip : LOOPBACK) {
            given().header("Authorization", "Bearer " + merchant.company().moderator().session())
                    .queryParam("cidr", ip).delete(ips).then().statusCode(204);
        }
        await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(50))
                .until(() -> lookup(merchant.key(), "x").statusCode() == 403);
    }

    @Test
    void aRotatedKeyOverlapsWithItsReplacementUntilItsExpiry() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "transactions:read");
        String newKey = rotate(merchant, 3600).path("secret");
        lookup(merchant.key(), "x").then().statusCode(404);
        lookup(newKey, "x").then().statusCode(404);

        Merchant second = merchant("SANDBOX", LOOPBACK, "transactions:read");
        String replacement = rotate(second, 0).path("secret");
        await().atMost(Duration.ofMillis(1500)).until(() -> lookup(second.key(), "x").statusCode() == 401);
        lookup(replacement, "x").then().statusCode(404);
    }

    @Test
    void anotherCompanysIdempotencyKeyAnswers404() {
        Merchant mine = merchant("SANDBOX", LOOPBACK, "charges:create", "transactions:read");
        Merchant theirs = merchant("SANDBOX", LOOPBACK, "charges:create", "transactions:read");
        String key = "order-" + UUID.randomUUID();
        String chargeId = createCharge(mine.key(), key, charge("ORDER-9")).then().statusCode(201)
                .extract().path("id");
        lookup(mine.key(), key).then().statusCode(200).body("resourceId", equalTo(chargeId))
                .body("state", equalTo("completed")).body("responseStatus", equalTo(201))
                .body("response.id", equalTo(chargeId));
        lookup(theirs.key(), key).then().statusCode(404).body("code", equalTo("not_found"))
                .body(org.hamcrest.Matchers.not(containsString(chargeId)));
    }

    @Test
    void overTheQuotaAnswers429WithRetryAfterAndRateLimitHeaders() {
        Merchant merchant = merchant("PRODUCTION", LOOPBACK, "transactions:read");
        Response refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Response response = lookup(merchant.key(), "x");
            if (response.statusCode() == 429) {
                refused = response;
            }
        }
        assertThat(refused).as("a 429 within 10 fast calls on a quota of 3 per second").isNotNull();
        refused.then().contentType("application/problem+json")
                .body("code", equalTo("quota_exceeded"))
                .header("Retry-After", matchesPattern("[1-9]\\d*"))
                .header("RateLimit-Policy", containsString("\"key\";q=3;w=1"))
                .header("RateLimit", matchesPattern("\"key\";r=0;t=\\d+"));
    }

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswerWithoutASecondCommand() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "charges:create");
        String key = "order-" + UUID.randomUUID();
        Response first = createCharge(merchant.key(), key, charge("ORDER-2"));
        first.then().statusCode(201);
        Response again = createCharge(merchant.key(), key, charge("ORDER-2"));
        again.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(again.asString()).isEqualTo(first.asString());
        String chargeId = first.path("id");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> chargeService.commandsFor(chargeId).size() == 1);
    }

    @Test
    void theSameKeyWithAnotherBodyAnswers422() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "charges:create");
        String key = "order-" + UUID.randomUUID();
        createCharge(merchant.key(), key, charge("ORDER-3")).then().statusCode(201);
        createCharge(merchant.key(), key, charge("ORDER-4"))
                .then().statusCode(422).body("code", equalTo("idempotency_key_reused"));
    }

    @Test
    void theSameKeyWhileTheFirstRequestRunsAnswers409ThenTheFirstAnswers202() throws Exception {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "charges:create", "transactions:read");
        String key = "order-" + UUID.randomUUID();
        chargeService.pause(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Response> first = pool.submit(() -> createCharge(merchant.key(), key, charge("ORDER-5")));
            await().atMost(Duration.ofSeconds(5)).until(() -> lookup(merchant.key(), key).statusCode() == 200);
            createCharge(merchant.key(), key, charge("ORDER-5"))
                    .then().statusCode(409).body("code", equalTo("idempotency_key_in_use"));
            first.get(30, TimeUnit.SECONDS).then().statusCode(202).body("status", equalTo("processing"))
                    .body("id", startsWith("chg_"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyParallelIdenticalRequestsPublishExactlyOneCommand() throws Exception {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "charges:create");
        String key = "order-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> createCharge(merchant.key(), key, charge("ORDER-6")));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Response> future : pool.invokeAll(calls)) {
                Response response = future.get();
                assertThat(response.statusCode()).isIn(201, 409);
                if (response.statusCode() == 201) {
                    ids.add(response.path("id"));
                }
            }
            assertThat(ids).hasSize(1);
            String chargeId = ids.iterator().next();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> chargeService.commandsFor(chargeId).size() == 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchAnswersEveryItemAndOneBadItemSinksNoOther() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "charges:create");
        String key = "batch-" + UUID.randomUUID();
        Map<String, Object> bad = new java.util.HashMap<>(charge("B-2"));
        bad.put("buyer", Map.of("name", "Maria", "document", "111.111.111-11"));
        Map<String, Object> batch = Map.of("charges", List.of(
                Map.of("charge", charge("B-1")),
                Map.of("charge", bad),
                Map.of("idempotencyKey", key, "charge", charge("B-3"))));
        Response first = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body(batch).post("/v1/charges/batch");
        first.then().statusCode(200)
                .body("results.index", equalTo(List.of(0, 1, 2)))
                .body("results.status", equalTo(List.of(201, 400, 201)))
                .body("results[0].body.customNumber", equalTo("B-1"))
                .body("results[1].body.code", equalTo("validation_failed"))
                .body("results[1].body.errors[0].field", equalTo("buyer.document"))
                .body("results[2].body.customNumber", equalTo("B-3"));
        String keyed = first.path("results[2].body.id");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body(batch).post("/v1/charges/batch")
                .then().statusCode(200).body("results[2].body.id", equalTo(keyed));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> chargeService.commandsFor(keyed).size() == 1);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body(Map.of("charges", List.of())).post("/v1/charges/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("charges"));
    }

    @Test
    void aBatchSpendsOneRequestPerItemAndABatchOverTheQuotaCreatesNothing() {
        // production keys get 3 requests per second in tests: a batch of five charges is five requests
        Merchant merchant = merchant("PRODUCTION", LOOPBACK, "charges:create");
        String batchId = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(Map.of("charge", charge("OVER-" + batchId + "-" + i)));
        }
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body(Map.of("charges", items)).post("/v1/charges/batch")
                .then().statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("quota_exceeded"))
                .body("detail", containsString("5 items"))
                .header("Retry-After", matchesPattern("[1-9]\\d*"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> chargeService.received().stream().noneMatch(c -> c instanceof CreateCharge create
                        && create.getCustomNumber() != null && create.getCustomNumber().startsWith("OVER-" + batchId)));
    }

    @Test
    void badInputIsAnsweredFieldByField() {
        Merchant merchant = merchant("SANDBOX", LOOPBACK, "charges:create");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body("""
                        {"method": "pix", "title": {"expireDate": "yesterday", "amountInCents": -5},
                         "buyer": {"name": "", "document": "1"}}""")
                .post("/v1/charges")
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", org.hamcrest.Matchers.hasItems("title.amountInCents", "buyer.name"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body(Map.of("method", "pix", "title", Map.of("expireDate", "2020-01-01T00:00:00",
                        "amountInCents", 100), "buyer", Map.of("name", "Maria", "document", "34960826312")))
                .post("/v1/charges")
                .then().statusCode(400).body("errors[0].field", equalTo("title.expireDate"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body(Map.of("method", "credit-card", "title", Map.of("expireDate", "2099-01-01T00:00:00",
                        "amountInCents", 100), "buyer", Map.of("name", "Maria", "document", "34960826312")))
                .post("/v1/charges")
                .then().statusCode(400).body("errors[0].field", equalTo("card"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body(Map.of("method", "pix", "title", Map.of("expireDate", "2099-01-01T00:00:00",
                        "amountInCents", 100), "buyer", Map.of("name", "Maria", "document", "349.608.263-13")))
                .post("/v1/charges")
                .then().statusCode(400).body("errors[0].field", equalTo("buyer.document"))
                .body("errors[0].code", equalTo("invalid_tax_id"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key())
                .body(Map.of("method", "pix", "title", Map.of("expireDate", "2099-01-01T00:00:00",
                        "amountInCents", 99_999_999_999_999L), "buyer", Map.of("name", "M", "document", "1")))
                .post("/v1/charges")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("title.amountInCents"));
    }

    // ---- helpers ----

    private record Merchant(CompanyWithModerator company, String apiUserId, String keyId, String key) {

        String keyPath() {
            return "/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys/" + keyId;
        }
    }

    private Merchant merchant(String environment, List<String> allowedIps, String... permissions) {
        CompanyWithModerator company = fixture.newCompany("PAYIN", "PAYOUT");
        String apiUserId = fixture.createApiUser(company, permissions);
        Response key = fixture.createKey(company, apiUserId, environment, allowedIps);
        key.then().statusCode(201);
        return new Merchant(company, apiUserId, key.path("id"), key.path("secret"));
    }

    private Response rotate(Merchant merchant, int overlapSeconds) {
        Response rotated = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + merchant.company().moderator().session())
                .body(Map.of("oldKeyExpiresInSeconds", overlapSeconds, "totpCode",
                        fixture.nextCode(merchant.company().moderator().totpSecret())))
                .post(merchant.keyPath() + "/rotate");
        rotated.then().statusCode(201);
        return rotated;
    }

    private static Map<String, Object> charge(String customNumber) {
        return Map.of("method", "pix", "customNumber", customNumber,
                "callbackUrl", "https://merchant.example.com/webhooks",
                "title", Map.of("expireDate", "2099-12-31T23:59:59", "amountInCents", 10000,
                        "instructions", "Order " + customNumber),
                "buyer", Map.of("name", "Maria da Silva", "document", "349.608.263-12",
                        "email", "maria@example.com"));
    }

    private static Response createCharge(String apiKey, String idempotencyKey, Map<String, Object> body) {
        var request = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + apiKey);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body).post("/v1/charges");
    }

    private static Response lookup(String apiKey, String idempotencyKey) {
        return given().header("Authorization", "Bearer " + apiKey).get("/v1/idempotency-keys/" + idempotencyKey);
    }
}
