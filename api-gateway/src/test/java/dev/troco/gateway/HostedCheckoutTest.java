package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.charge.SimulatedOutcome;
import dev.troco.events.common.Environment;
import dev.troco.events.common.PaymentMethod;
import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.messaging.EventWaiter;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import dev.troco.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's hosted checkout at the gateway, over the real broker and database: a Moderator issues
 * the public and secret keys, POST /payment/initiate answers in the seed's shape and sends the
 * CreateCharge, a repeated identifier returns the same payment, the page at redirect_url shows the
 * PIX QR code, the boleto line and a card form with merchant text escaped, and the sandbox pays
 * through the simulation path and sends the buyer to success_url. The IPN itself is the
 * notification-service's (IpnDeliveryFlowTest).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway"))
@WithTestResource(value = CheckoutBackendsStub.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostedCheckoutTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final MessageCodec CODEC = MessageCodec.standard();
    private static CheckoutChargeService chargeService;
    private static TopicProbe notificationCommands;

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    dev.troco.gateway.ratelimit.RateLimiter limiter;

    @Inject
    EventWaiter waiter;

    private GatewayFixture fixture;

    @BeforeAll
    static void startChargeService() {
        chargeService = new CheckoutChargeService();
        notificationCommands = TopicProbe.read(Topics.NOTIFICATION_COMMANDS);
    }

    @AfterAll
    static void stopChargeService() {
        if (chargeService != null) { // null when the application failed to start: let that error be the one reported
            chargeService.close();
        }
        notificationCommands.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = new GatewayFixture(clock);
        waiter.ready().get(30, TimeUnit.SECONDS);
    }

    // ---- credentials ----

    @Test
    void moderatorIssuesAPublicKeyAndASecretKeyShownOnce() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Response issued = issue(company, "SANDBOX");
        issued.then().statusCode(201)
                .body("publicKey", org.hamcrest.Matchers.matchesPattern("pk_test_[0-9A-Za-z]{32}"))
                .body("secretKey", startsWith("sk_test_stub_ckc_"));
        String credentialId = issued.path("id");
        assertThat(CheckoutBackendsStub.SECRET_REQUESTS).contains(new CheckoutBackendsStub.SecretRequest(
                company.companyId(), "SANDBOX", credentialId));
        given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/checkout-credentials")
                .then().statusCode(200)
                .body("data.publicKey", hasItem((String) issued.path("publicKey")))
                .body("data[0].secretKey", equalTo(null));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("environment", "SANDBOX", "totpCode", "000000"))
                .post("/v1/companies/" + company.companyId() + "/checkout-credentials")
                .then().statusCode(403).body("code", equalTo("invalid_totp"));
        // a new pair replaces the old: the old public key stops working
        String newer = issue(company, "SANDBOX").path("publicKey");
        initiate(seedBody(issued.path("publicKey"), "order-" + UUID.randomUUID()))
                .then().statusCode(401).body("status", equalTo("error"));
        initiate(seedBody(newer, "order-" + UUID.randomUUID())).then().statusCode(200);
    }

    @Test
    void issuingCredentialsActivatesTheirSecretOnceThroughTheOutbox() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String first = issue(company, "SANDBOX").then().statusCode(201).extract().path("id");
        String second = issue(company, "PRODUCTION").then().statusCode(201).extract().path("id");

        for (String credential : List.of(first, second)) {
            await().atMost(DEADLINE).until(() -> !notificationCommands.recordsWithKey(credential).isEmpty()
                    && outboxRows(credential) == 0);
            List<ConsumerRecord<String, byte[]>> records = notificationCommands.recordsWithKey(credential);
            assertThat(records).hasSize(1);
            ActivateIpnSecret command = CODEC.decode(records.get(0).value(), ActivateIpnSecret.class);
            assertThat(command.getCredentialId()).isEqualTo(credential);
            assertThat(command.getMeta().getAggregateId()).isEqualTo(credential);
            assertThat(command.getMeta().getMerchantId()).isEqualTo(company.companyId());
            assertThat(command.getMeta().getEnvironment())
                    .isEqualTo(credential.equals(first) ? Environment.SANDBOX : Environment.PRODUCTION);
            assertThat(header(records.get(0), MessageHeaders.MESSAGE_ID))
                    .isEqualTo(command.getMeta().getCommandId().toString());
        }
    }

    @Test
    void twoModeratorsIssuingAtOnceLeaveOneLiveKeyWhoseSecretWasIssuedLast() throws Exception {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        GatewayFixture.Person second = fixture.invite(company, "MODERATOR");
        String firstCode = fixture.nextCode(company.moderator().totpSecret());
        String secondCode = fixture.currentCode(second.totpSecret());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> issueWith(company.companyId(), company.moderator().session(), firstCode));
            var b = pool.submit(() -> issueWith(company.companyId(), second.session(), secondCode));
            assertThat(List.of(a.get(30, TimeUnit.SECONDS).statusCode(), b.get(30, TimeUnit.SECONDS).statusCode()))
                    .containsExactly(201, 201);
        } finally {
            pool.shutdownNow();
        }
        List<String> live = given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/checkout-credentials")
                .then().statusCode(200).extract().path("data.id");
        List<String> requested = CheckoutBackendsStub.SECRET_REQUESTS.stream()
                .filter(r -> r.companyId().equals(company.companyId())).map(r -> r.credentialId()).toList();
        assertThat(requested).hasSize(2);
        // the notifier signs with the newest secret it issued: it must be the live key's
        assertThat(live).containsExactly(requested.get(1));
    }

    private static Response issueWith(String companyId, String session, String code) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + session)
                .body(Map.of("environment", "SANDBOX", "totpCode", code))
                .post("/v1/companies/" + companyId + "/checkout-credentials");
    }

    @Test
    void aCredentialNotIssuedActivatesNothing() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        CheckoutBackendsStub.SECRETS_UNAVAILABLE_FOR.add(company.companyId());
        try {
            issue(company, "SANDBOX").then().statusCode(503);
        } finally {
            CheckoutBackendsStub.SECRETS_UNAVAILABLE_FOR.remove(company.companyId());
        }
        String attempted = CheckoutBackendsStub.SECRET_REQUESTS.stream()
                .filter(r -> r.companyId().equals(company.companyId())).findFirst().orElseThrow().credentialId();
        // a later issue's activation is relayed after anything the failed one could have written
        String issued = issue(company, "SANDBOX").then().statusCode(201).extract().path("id");
        await().atMost(DEADLINE).until(() -> !notificationCommands.recordsWithKey(issued).isEmpty());
        assertThat(notificationCommands.recordsWithKey(attempted)).isEmpty();
        assertThat(outboxRows(attempted)).isZero();
        given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/checkout-credentials")
                .then().statusCode(200).body("data.id", org.hamcrest.Matchers.contains(issued));
    }

    // ---- initiate ----

    @Test
    void initiateAnswersTheSeedsShapeAndSendsTheCheckoutCharge() {
        String publicKey = publicKey("SANDBOX");
        String identifier = "order-" + UUID.randomUUID();
        Response answer = initiate(seedBody(publicKey, identifier));
        answer.then().statusCode(200).contentType("application/json")
                .body("status", equalTo("success"))
                .body("message", equalTo("Payment initiated successfully"))
                .body("redirect_url", org.hamcrest.Matchers.matchesPattern("http://localhost:8080/checkout/[A-Za-z0-9_-]{43}"))
                .body("size()", equalTo(3));
        List<CreateCharge> creates = chargeService.createsWithIdentifier(identifier);
        assertThat(creates).hasSize(1);
        CreateCharge create = creates.get(0);
        assertThat(create.getAmountCents()).isEqualTo(10000);
        assertThat(create.getCurrency()).isEqualTo("BRL");
        assertThat(create.getMethod()).isEqualTo(PaymentMethod.PIX);
        assertThat(create.getCheckout().getIpnUrl()).isEqualTo("https://shop.example/ipn");
        assertThat(create.getCheckout().getSessionId()).startsWith("chk_");
        assertThat(create.getBuyer().getName()).isEqualTo("John Doe");
        assertThat(create.getBuyer().getEmail()).isEqualTo("john@example.com");
        assertThat(create.getDescription()).isEqualTo("Payment for order #123");
        assertThat(create.getExpiresAt()).isAfter(clock.instant());
    }

    @Test
    void aRepeatedIdentifierReturnsTheSamePaymentAndCreatesNothingNew() {
        String publicKey = publicKey("SANDBOX");
        String identifier = "order-" + UUID.randomUUID();
        String first = initiate(seedBody(publicKey, identifier)).then().statusCode(200).extract().path("redirect_url");
        Map<String, Object> again = seedBody(publicKey, identifier);
        again.put("amount", 100); // the same amount, written as a number
        String second = initiate(again).then().statusCode(200).extract().path("redirect_url");
        assertThat(second).isEqualTo(first);
        assertThat(chargeService.createsWithIdentifier(identifier)).hasSize(1);
        // reused for another amount: refused, so no buyer is sent to pay the wrong amount
        Map<String, Object> other = seedBody(publicKey, identifier);
        other.put("amount", "150.00");
        initiate(other).then().statusCode(409).body("status", equalTo("error")).body("code", equalTo("conflict"));
        assertThat(chargeService.createsWithIdentifier(identifier)).hasSize(1);
    }

    @Test
    void anIdentifierSentFirstBySomeoneElseIsNotHandedToTheMerchantsRealRequest() {
        String publicKey = publicKey("SANDBOX");
        String identifier = "order-" + UUID.randomUUID();
        // the public key is public: someone guesses the merchant's next order id and sends it first
        Map<String, Object> squatted = seedBody(publicKey, identifier);
        squatted.put("ipn_url", "https://attacker.example/ipn");
        squatted.put("success_url", "https://attacker.example/thanks");
        String squattersPage = initiate(squatted).then().statusCode(200).extract().path("redirect_url");

        Response merchants = initiate(seedBody(publicKey, identifier));
        merchants.then().statusCode(409).body("status", equalTo("error")).body("code", equalTo("conflict"))
                .body("message", org.hamcrest.Matchers.containsString("ipn_url"))
                .body("message", org.hamcrest.Matchers.containsString("success_url"));
        assertThat(merchants.asString()).doesNotContain(squattersPage).doesNotContain("attacker.example");
        // any other field differing is refused the same way
        Map<String, Object> otherCustomer = seedBody(publicKey, identifier);
        otherCustomer.putAll(squatted);
        otherCustomer.put("customer", Map.of("first_name", "Eve", "last_name", "Doe", "email", "eve@example.com",
                "mobile", "+5511987654321"));
        initiate(otherCustomer).then().statusCode(409).body("message", org.hamcrest.Matchers.containsString("customer"));
        // the same identifier at another company is another payment
        String elsewhere = initiate(seedBody(publicKey("SANDBOX"), identifier)).then().statusCode(200)
                .extract().path("redirect_url");
        assertThat(elsewhere).isNotEqualTo(squattersPage);
    }

    @Test
    void amountsAreReadExactlyAsStringsOrNumbers() {
        String publicKey = publicKey("SANDBOX");
        Map<Object, Long> cents = Map.of("100.00", 10000L, "0.10", 10L, 100, 10000L, 100.5, 10050L, "19.9", 1990L);
        cents.forEach((amount, expected) -> {
            String identifier = "order-" + UUID.randomUUID();
            Map<String, Object> body = seedBody(publicKey, identifier);
            body.put("amount", amount);
            initiate(body).then().statusCode(200);
            assertThat(chargeService.createsWithIdentifier(identifier).get(0).getAmountCents())
                    .as("amount %s", amount).isEqualTo(expected);
        });
        for (Object bad : List.of("100.001", "-5", "0", "abc", "1e3", 0.001, true)) {
            Map<String, Object> body = seedBody(publicKey, "order-" + UUID.randomUUID());
            body.put("amount", bad);
            initiate(body).then().statusCode(400).body("status", equalTo("error"))
                    .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("amount"));
        }
        // an amount beyond double precision is still exact
        String identifier = "order-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(seedJson(publicKey, identifier).replace("\"100.00\"",
                "12345678.91")).post("/payment/initiate").then().statusCode(200);
        assertThat(chargeService.createsWithIdentifier(identifier).get(0).getAmountCents()).isEqualTo(1234567891L);
    }

    @Test
    void otherCurrenciesOfTheSeedArePaidByCardAndUnknownOnesAreRefused() {
        String publicKey = publicKey("SANDBOX");
        String identifier = "order-" + UUID.randomUUID();
        Map<String, Object> body = seedBody(publicKey, identifier);
        body.put("currency", "USD");
        initiate(body).then().statusCode(200);
        CreateCharge create = chargeService.createsWithIdentifier(identifier).get(0);
        assertThat(create.getCurrency()).isEqualTo("USD");
        assertThat(create.getMethod()).isEqualTo(PaymentMethod.CARD);
        body = seedBody(publicKey, "order-" + UUID.randomUUID());
        body.put("currency", "JPY");
        initiate(body).then().statusCode(400).body("errors[0].field", equalTo("currency"));
        body = seedBody(publicKey, "order-" + UUID.randomUUID());
        body.remove("currency");
        String defaulted = (String) body.get("identifier");
        initiate(body).then().statusCode(200);
        assertThat(chargeService.createsWithIdentifier(defaulted).get(0).getCurrency()).isEqualTo("BRL");
    }

    @Test
    void aBadPublicKeyGetsTheSeedsErrorShape() {
        String unknown = "pk_test_" + "A".repeat(32);
        initiate(seedBody(unknown, "x")).then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo("error"))
                .body("message", equalTo("The public_key is malformed, unknown or revoked"))
                .body("code", equalTo("invalid_api_key"))
                .body("type", equalTo("https://troco.dev/problems/invalid-api-key"))
                .body("requestId", org.hamcrest.Matchers.notNullValue());
        initiate(seedBody("your_api_key", "x")).then().statusCode(401).body("status", equalTo("error"));
        Map<String, Object> body = seedBody("x", "x");
        body.remove("public_key");
        initiate(body).then().statusCode(401).body("errors[0].field", equalTo("public_key"));
        // a secret API key is not a public key
        initiate(seedBody("trk_test_" + "a".repeat(38), "x")).then().statusCode(401);
    }

    @Test
    void invalidFieldsAreAllNamedInOneAnswer() {
        String publicKey = publicKey("PRODUCTION");
        Map<String, Object> body = seedBody(publicKey, "order-" + UUID.randomUUID());
        body.put("ipn_url", "http://shop.example/ipn"); // plain http: production wants https
        body.put("success_url", "javascript:alert(1)");
        body.remove("cancel_url");
        body.put("details", "x".repeat(256));
        body.put("customer", Map.of("first_name", "John", "last_name", "Doe", "email", "not-an-email",
                "mobile", "+5511987654321", "age", 3));
        body.put("colour", "blue");
        Response answer = initiate(body);
        answer.then().statusCode(400).body("status", equalTo("error")).body("code", equalTo("validation_failed"));
        List<String> fields = answer.path("errors.field");
        assertThat(fields).containsExactlyInAnyOrder("colour", "ipn_url", "success_url", "cancel_url", "details",
                "customer.email", "customer.age");
        given().contentType(ContentType.JSON).body("{\"public_key\": ").post("/payment/initiate")
                .then().statusCode(400).body("status", equalTo("error")).body("code", equalTo("malformed_json"));
    }

    @Test
    void theSeedsOwnExampleWithTrailingCommasIsAccepted() {
        String publicKey = publicKey("SANDBOX");
        String identifier = "order-" + UUID.randomUUID();
        String seedStyle = """
                {
                  "public_key": "%s",
                  "amount": "100.00",
                  "billing_info": {
                       "address_one": "Rua A, 1",
                       "city": "Sao Paulo",
                  },
                  "cancel_url": "https://shop.example/cancel",
                  "currency": "BRL",
                  "customer": {
                      "first_name": "John",
                      "last_name": "Doe",
                      "email": "john@example.com",
                      "mobile": "+1234567890",
                  },
                  "details": "Payment for order #123",
                  "identifier": "%s",
                  "ipn_url": "https://shop.example/ipn",
                  "site_name": "Your Website",
                  "site_logo": "",
                  "success_url": "https://shop.example/success",
                }""".formatted(publicKey, identifier);
        given().contentType(ContentType.JSON).body(seedStyle).post("/payment/initiate")
                .then().statusCode(200).body("status", equalTo("success"));
    }

    // ---- the page ----

    @Test
    void thePageShowsPixQrBoletoAndCardWithMerchantTextEscaped() {
        String publicKey = publicKey("SANDBOX");
        Map<String, Object> body = seedBody(publicKey, "order-" + UUID.randomUUID());
        body.put("site_name", "<script>alert('x')</script> & Co");
        body.put("details", "\"><img src=x onerror=alert(1)>");
        body.put("site_logo", "https://shop.example/logo.png?a=1&b=2");
        String redirect = initiate(body).then().statusCode(200).extract().path("redirect_url");
        Response page = given().get(path(redirect));
        page.then().statusCode(200).contentType(startsWith("text/html"));
        String html = page.asString();
        assertThat(html).doesNotContain("<script").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("src=\"https://shop.example/logo.png?a=1&amp;b=2\"")
                .contains("BRL 100.00")
                .contains("data:image/png;base64," + Base64.getEncoder().encodeToString(CheckoutBackendsStub.QR_PNG))
                .contains("00020101021226stubpix")
                .contains("34191.79001 01043.510047 91020.150008 2 91070026000123")
                .contains("name=\"number\"")
                .contains("id=\"simulate-payment\"")
                .contains("action=\"" + path(redirect) + "/cancel\"").contains("id=\"cancel\"");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'").contains("form-action 'self' https://shop.example")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        given().get("/checkout/" + "A".repeat(43)).then().statusCode(404);
        given().get("/checkout/short").then().statusCode(404);
    }

    @Test
    void sandboxPaymentOnThePageGoesToSuccessUrlAndThePageThenShowsItPaid() {
        String publicKey = publicKey("SANDBOX");
        Opened checkout = open(seedBody(publicKey, "order-" + UUID.randomUUID()));
        String redirect = checkout.redirect();
        String chargeId = checkout.chargeId();

        given().redirects().follow(false).contentType(ContentType.URLENC).post(path(redirect) + "/simulate")
                .then().statusCode(303).header("Location", equalTo("https://shop.example/success"));
        assertThat(chargeService.commandsFor(chargeId)).anySatisfy(c -> assertThat(c)
                .isInstanceOfSatisfying(SimulateChargeOutcome.class,
                        s -> assertThat(s.getOutcome()).isEqualTo(SimulatedOutcome.PAID)));
        String html = given().get(path(redirect)).then().statusCode(200).extract().asString();
        assertThat(html).contains("Payment received").contains("href=\"https://shop.example/success\"")
                .doesNotContain("simulate-payment");
        // paying twice does nothing more
        given().redirects().follow(false).post(path(redirect) + "/simulate").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith(path(redirect)));
    }

    @Test
    void sandboxCardsDecideByTestNumberAndABadNumberChangesNothing() {
        String publicKey = publicKey("SANDBOX");
        Opened checkout = open(seedBody(publicKey, "order-" + UUID.randomUUID()));
        String redirect = checkout.redirect();
        String chargeId = checkout.chargeId();

        card(redirect, "4111 1111 1111 1112").then().statusCode(400); // fails the Luhn check
        card(redirect, "4242 4242 4242 4241").then().statusCode(400);
        card(redirect, "4012 8888 8888 1881").then().statusCode(400); // valid, but not a documented test number
        card(redirect, "4000 0000 0000 0119").then().statusCode(502); // the simulated acquirer's technical error
        assertThat(chargeService.commandsFor(chargeId)).hasSize(1); // the create only
        // a decline leaves the payment open: the buyer may try another card, and nothing is sent
        assertThat(card(redirect, "4000000000000002").then().statusCode(402).extract().asString())
                .contains("The card was declined (card_declined)").contains("name=\"number\"");
        assertThat(chargeService.commandsFor(chargeId)).hasSize(1);

        card(redirect, "5555 5555 5555 4444").then().statusCode(303)
                .header("Location", equalTo("https://shop.example/success"));
        await().atMost(DEADLINE).until(() -> chargeService.commandsFor(chargeId).size() == 2);
        SimulateChargeOutcome paid = (SimulateChargeOutcome) chargeService.commandsFor(chargeId).get(1);
        assertThat(paid.getOutcome()).isEqualTo(SimulatedOutcome.PAID);
        assertThat(paid.getCard().getBrand()).isEqualTo("mastercard");
        assertThat(paid.getCard().getLast4()).isEqualTo("4444");
        assertThat(paid.getCard().getExpMonth()).isEqualTo(12);
        assertThat(paid.getCard().getExpYear()).isEqualTo(2039);
        assertThat(paid.getCard().getHolderName()).isEqualTo("JOHN DOE");
        assertThat(paid.getCard().getToken()).startsWith("tok_");
        assertThat(paid.toString()).doesNotContain("5555555555554444").doesNotContain("123\"");
        assertThat(given().get(path(redirect)).asString()).contains("Payment received");
    }

    @Test
    void cancelingOnThePageCancelsTheChargeAndGoesToCancelUrlButNotOnceItIsPaid() {
        String publicKey = publicKey("SANDBOX");
        Map<String, Object> body = seedBody(publicKey, "order-" + UUID.randomUUID());
        body.put("cancel_url", "https://cart.example:8443/back");
        Opened checkout = open(body);
        String redirect = checkout.redirect();
        String chargeId = checkout.chargeId();
        assertThat(given().get(path(redirect)).header("Content-Security-Policy"))
                .contains("form-action 'self' https://shop.example https://cart.example:8443;");

        given().redirects().follow(false).contentType(ContentType.URLENC).post(path(redirect) + "/cancel")
                .then().statusCode(303).header("Location", equalTo("https://cart.example:8443/back"));
        await().atMost(DEADLINE).until(() -> chargeService.commandsFor(chargeId).size() == 2);
        assertThat(chargeService.commandsFor(chargeId).get(1)).isInstanceOfSatisfying(CancelCharge.class,
                c -> assertThat(c.getReason()).contains("buyer"));
        String html = given().get(path(redirect)).then().statusCode(200).extract().asString();
        assertThat(html).contains("no longer available (Canceled)").contains("href=\"https://cart.example:8443/back\"")
                .doesNotContain("name=\"number\"").doesNotContain("id=\"cancel\"");
        // leaving again just leaves
        given().redirects().follow(false).post(path(redirect) + "/cancel").then().statusCode(303);
        assertThat(chargeService.commandsFor(chargeId)).hasSize(2);

        Opened paid = open(seedBody(publicKey, "order-" + UUID.randomUUID()));
        String paidRedirect = paid.redirect();
        String paidCharge = paid.chargeId();
        given().redirects().follow(false).post(path(paidRedirect) + "/simulate").then().statusCode(303);
        assertThat(given().redirects().follow(false).post(path(paidRedirect) + "/cancel").then().statusCode(409)
                .extract().asString()).contains("already received");
        assertThat(chargeService.commandsFor(paidCharge)).noneMatch(CancelCharge.class::isInstance);
    }

    @Test
    void aPaymentStillBeingPreparedAnswers409ToEveryActionOfThePage() {
        Opened opened = open(seedBody(publicKey("SANDBOX"), "order-" + UUID.randomUUID()));
        // as if the charge-service had not created the charge yet: the gateway cannot read it
        CheckoutBackendsStub.Owned stored = CheckoutBackendsStub.CHARGES.remove(opened.chargeId());
        try {
            for (String action : List.of("/simulate", "/cancel")) {
                assertThat(given().redirects().follow(false).post(path(opened.redirect()) + action)
                        .then().statusCode(409).contentType(org.hamcrest.Matchers.containsString("text/html")).extract().asString())
                        .as(action).contains("still being prepared");
            }
            assertThat(card(opened.redirect(), "4111111111111111").then().statusCode(409)
                    .contentType(org.hamcrest.Matchers.containsString("text/html")).extract().asString()).contains("still being prepared");
            assertThat(chargeService.commandsFor(opened.chargeId())).hasSize(1); // the create only
        } finally {
            CheckoutBackendsStub.CHARGES.put(opened.chargeId(), stored);
        }
        // once it exists, the same card pays
        card(opened.redirect(), "4111111111111111").then().statusCode(303)
                .header("Location", equalTo("https://shop.example/success"));
    }

    @Test
    void paymentInitiateAnswersCarryRateLimitHeadersAndRefusesPastTheQuota() {
        String sandbox = publicKey("SANDBOX");
        initiate(seedBody(sandbox, "order-" + UUID.randomUUID())).then().statusCode(200)
                .header("RateLimit-Policy", equalTo("\"checkout\";q=100;w=1"))
                .header("RateLimit", org.hamcrest.Matchers.startsWith("\"checkout\";r="));
        // unknown key: nothing to count against, no headers
        Map<String, Object> unknown = seedBody("pk_test_" + "x".repeat(40), "order-" + UUID.randomUUID());
        initiate(unknown).then().statusCode(401).header("RateLimit", org.hamcrest.Matchers.nullValue());

        // production keys get 3 per second in tests
        String production = publicKey("PRODUCTION");
        List<Integer> statuses = new java.util.ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 8 && refused == null; i++) {
            Map<String, Object> valid = seedBody(production, "order-" + UUID.randomUUID());
            valid.put("ipn_url", "https://shop.example/ipn");
            Response answer = initiate(valid);
            statuses.add(answer.statusCode());
            assertThat(answer.header("RateLimit-Policy")).isEqualTo("\"checkout\";q=3;w=1");
            if (answer.statusCode() == 429) {
                refused = answer;
            }
        }
        assertThat(statuses).startsWith(200);
        assertThat(refused).as("statuses %s", statuses).isNotNull();
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(refused.jsonPath().getString("status")).isEqualTo("error");
        assertThat(refused.jsonPath().getString("code")).isEqualTo("quota_exceeded");
    }

    @Test
    void invalidRequestsDoNotSpendTheMerchantsQuotaAndAreLimitedPerAddress() {
        String production = publicKey("PRODUCTION");
        Map<String, Object> bad = seedBody(production, "order-" + UUID.randomUUID());
        bad.remove("amount");
        for (int i = 0; i < 5; i++) {
            initiate(bad).then().statusCode(400);
        }
        // five junk requests with the public key, three per second allowed: the merchant's own call still passes
        initiate(seedBody(production, "order-" + UUID.randomUUID())).then().statusCode(200);

        // a flood of junk from one address is cut off, and recovers within the window
        Response refused = null;
        for (int i = 0; i < 400 && refused == null; i++) {
            Response answer = initiate(bad);
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(400);
            }
        }
        assertThat(refused).isNotNull();
        assertThat(refused.jsonPath().getString("code")).isEqualTo("quota_exceeded");
        assertThat(refused.header("Retry-After")).matches("[1-9]\\d*");
        // whole again before the next test sends its own invalid requests
        await().atMost(Duration.ofSeconds(5)).until(() -> limiter.peek("checkout-invalid:127.0.0.1",
                new dev.troco.gateway.ratelimit.RateLimiter.Quota("checkout-invalid", 10, 1)).remaining() >= 10);
        initiate(bad).then().statusCode(400);
    }

    @Test
    void productionRefusesSimulationsAndCardsAndWantsHttps() {
        String publicKey = publicKey("PRODUCTION");
        Opened checkout = open(seedBody(publicKey, "order-" + UUID.randomUUID()));
        String redirect = checkout.redirect();
        String chargeId = checkout.chargeId();
        String html = given().get(path(redirect)).then().statusCode(200).extract().asString();
        assertThat(html).doesNotContain("simulate-payment").doesNotContain("Sandbox");
        // no acquirer is connected: the production page has no card form, so no card number is ever posted to us
        assertThat(html).doesNotContain("name=\"number\"").doesNotContain("/card\"")
                .contains("Card payments are not available yet");
        given().post(path(redirect) + "/simulate").then().statusCode(403);
        card(redirect, "4111111111111111").then().statusCode(422);
        assertThat(chargeService.commandsFor(chargeId)).hasSize(1);
    }

    // ---- fixtures ----

    private long outboxRows(String aggregateId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM outbox_message WHERE aggregate_id = ?")) {
            query.setString(1, aggregateId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Response issue(CompanyWithModerator company, String environment) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("environment", environment, "totpCode", fixture.nextCode(company.moderator().totpSecret())))
                .post("/v1/companies/" + company.companyId() + "/checkout-credentials");
    }

    private String publicKey(String environment) {
        return issue(fixture.newCompany("PAYIN"), environment).then().statusCode(201).extract().path("publicKey");
    }

    private static Response initiate(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/payment/initiate");
    }

    /** A checkout initiated with this body, and its charge once the charge-service stand-in has made it. */
    private record Opened(String redirect, String chargeId) {
    }

    private Opened open(Map<String, Object> body) {
        String redirect = initiate(body).then().statusCode(200).extract().path("redirect_url");
        String chargeId = chargeService.createsWithIdentifier((String) body.get("identifier")).get(0).getMeta()
                .getAggregateId();
        await().atMost(DEADLINE).until(() -> CheckoutBackendsStub.CHARGES.containsKey(chargeId));
        return new Opened(redirect, chargeId);
    }

    private static Response card(String redirect, String number) {
        return given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("holder", "JOHN DOE").formParam("number", number).formParam("expiry", "12/39")
                .formParam("cvc", "123").post(path(redirect) + "/card");
    }

    private static String path(String redirectUrl) {
        return URI.create(redirectUrl).getPath();
    }

    static Map<String, Object> seedBody(String publicKey, String identifier) {
        Map<String, Object> body = new HashMap<>();
        body.put("public_key", publicKey);
        body.put("amount", "100.00");
        body.put("currency", "BRL");
        body.put("customer", Map.of("first_name", "John", "last_name", "Doe", "email", "john@example.com",
                "mobile", "+5511987654321"));
        body.put("details", "Payment for order #123");
        body.put("identifier", identifier);
        body.put("ipn_url", "https://shop.example/ipn");
        body.put("success_url", "https://shop.example/success");
        body.put("cancel_url", "https://shop.example/cancel");
        body.put("site_name", "Your Website");
        body.put("billing_info", Map.of("address_one", "Rua Augusta 100", "city", "Sao Paulo", "country", "BR"));
        return body;
    }

    private static String seedJson(String publicKey, String identifier) {
        return """
                {"public_key": "%s", "amount": "100.00", "currency": "BRL",
                 "customer": {"first_name": "John", "last_name": "Doe", "email": "john@example.com", "mobile": "+5511987654321"},
                 "details": "Order", "identifier": "%s", "ipn_url": "https://shop.example/ipn",
                 "success_url": "https://shop.example/success", "cancel_url": "https://shop.example/cancel",
                 "site_name": "Shop"}""".formatted(publicKey, identifier);
    }
}
