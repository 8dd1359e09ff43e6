package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.events.charge.ChargeChargebackInitiated;
import dev.troco.events.charge.ChargeChargebackResolved;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargebackResolution;
import dev.troco.events.common.Environment;
import dev.troco.events.common.FeePayer;
import dev.troco.events.common.HostedCheckout;
import dev.troco.events.common.PaymentMethod;
import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's IPN over the real broker and database: a hosted-checkout charge's events become IPNs
 * POSTed to its ipn_url, each verified here exactly as the seed's PHP and JavaScript recipes verify
 * them, with the secret_key the gateway obtained (and then activated) for the company. Pending
 * secrets and their activation: IpnSecretActivationTest.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification"))
class IpnDeliveryFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventSender events;

    @Inject
    DataSource dataSource;

    private TestDatabase database;

    @BeforeEach
    void database() {
        database = new TestDatabase(dataSource);
    }

    @BeforeAll
    static void connect() {
        events = new EventSender();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void paidCheckoutChargeSendsACheckoutIpnThatTheSeedsRecipeVerifies() throws Exception {
        String company = newCompany();
        String secretKey = issueSecret(company, "ckc_" + UUID.randomUUID().toString().replace("-", ""));
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String chargeId = Ids.next("chg");
            events.send(created(company, chargeId, "order-" + UUID.randomUUID(), receiver.url("/ipn?shop=1"), 10050));
            events.send(paid(company, chargeId, 10050, 2));

            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 1);
            WebhookReceiver.Request ipn = receiver.requests().get(0);
            assertThat(ipn.header("x-method")).isEqualTo("POST");
            assertThat(ipn.path()).isEqualTo("/ipn?shop=1");
            assertThat(ipn.header("content-type")).startsWith("application/json");
            JsonNode body = JSON.readTree(ipn.body());
            assertThat(body.path("status").asText()).isEqualTo("success");
            assertThat(body.path("identifier").asText()).startsWith("order-");
            assertThat(phpRecipeAccepts(body, secretKey)).isTrue();
            assertThat(jsRecipeAccepts(body, secretKey)).isTrue();
            assertThat(phpRecipeAccepts(body, secretKey + "x")).isFalse();
            JsonNode data = body.path("data");
            assertThat(data.path("trx").asText()).isEqualTo("chk_of_" + chargeId);
            assertThat(data.path("type").asText()).isEqualTo("checkout");
            assertThat(data.path("amount").isNumber()).isTrue();
            assertThat(data.path("amount").decimalValue()).isEqualByComparingTo("100.50");
            assertThat(new String(ipn.body(), StandardCharsets.UTF_8)).contains("\"amount\":100.50");
            assertThat(data.path("currency").asText()).isEqualTo("BRL");
            assertThat(data.path("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        }
    }

    @Test
    void chargebackOpenedAndResolvedSendTheirIpnsInOrder() throws Exception {
        String company = newCompany();
        String secretKey = issueSecret(company, "ckc_" + UUID.randomUUID().toString().replace("-", ""));
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String chargeId = Ids.next("chg");
            events.send(created(company, chargeId, "order-cb", receiver.url("/ipn"), 5000));
            events.send(paid(company, chargeId, 5000, 2));
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 1);
            events.send(ChargeChargebackInitiated.newBuilder()
                    .setMeta(EventSender.meta(company, Environment.SANDBOX, chargeId, 3))
                    .setChargebackId(Ids.next("cbk")).setAmountCents(5000).setCurrency("BRL").setReasonCode("fraud")
                    .build());
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 2);
            events.send(ChargeChargebackResolved.newBuilder()
                    .setMeta(EventSender.meta(company, Environment.SANDBOX, chargeId, 4))
                    .setChargebackId("cbk").setResolution(ChargebackResolution.IN_FAVOR_OF_MERCHANT).build());
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 3);

            JsonNode paidIpn = JSON.readTree(receiver.requests().get(0).body());
            assertThat(paidIpn.path("status").asText()).isEqualTo("success");
            JsonNode initiated = JSON.readTree(receiver.requests().get(1).body());
            assertThat(phpRecipeAccepts(initiated, secretKey)).isTrue();
            assertThat(bodySignatureVerifies(receiver.requests().get(1), secretKey)).isTrue();
            assertThat(initiated.path("status").asText()).isEqualTo("chargeback_open");
            assertThat(initiated.path("data").path("type").asText()).isEqualTo("chargeback_initiated");
            assertThat(initiated.path("data").path("amount").decimalValue()).isEqualByComparingTo("50.00");
            assertThat(initiated.path("data").path("message").asText())
                    .isEqualTo("Chargeback initiated on this transaction");
            assertThat(initiated.path("data").path("initiated_at").asText()).matches("\\d{4}-\\d{2}-\\d{2} .*");
            JsonNode resolved = JSON.readTree(receiver.requests().get(2).body());
            assertThat(phpRecipeAccepts(resolved, secretKey)).isTrue();
            assertThat(bodySignatureVerifies(receiver.requests().get(2), secretKey)).isTrue();
            assertThat(resolved.path("status").asText()).isEqualTo("chargeback_won");
            assertThat(resolved.path("data").path("type").asText()).isEqualTo("chargeback_resolved");
            assertThat(resolved.path("data").path("in_favor_of").asText()).isEqualTo("merchant");
            assertThat(resolved.path("data").path("amount").decimalValue()).isEqualByComparingTo("50.00");
            assertThat(resolved.path("data").path("currency").asText()).isEqualTo("BRL");
        }
    }

    @Test
    void chargebackLostByTheMerchantIsNeitherASuccessNorAWin() throws Exception {
        String company = newCompany();
        issueSecret(company, "ckc_" + UUID.randomUUID().toString().replace("-", ""));
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String chargeId = Ids.next("chg");
            events.send(created(company, chargeId, "order-cb-lost", receiver.url("/ipn"), 5000));
            events.send(paid(company, chargeId, 5000, 2));
            events.send(ChargeChargebackInitiated.newBuilder()
                    .setMeta(EventSender.meta(company, Environment.SANDBOX, chargeId, 3))
                    .setChargebackId(Ids.next("cbk")).setAmountCents(5000).setCurrency("BRL").setReasonCode("fraud")
                    .build());
            events.send(ChargeChargebackResolved.newBuilder()
                    .setMeta(EventSender.meta(company, Environment.SANDBOX, chargeId, 4))
                    .setChargebackId("cbk").setResolution(ChargebackResolution.IN_FAVOR_OF_CLIENT).build());
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 3);

            java.util.Map<String, String> statusByType = new java.util.HashMap<>();
            for (WebhookReceiver.Request request : receiver.requests()) {
                JsonNode ipn = JSON.readTree(request.body());
                statusByType.put(ipn.path("data").path("type").asText(), ipn.path("status").asText());
            }
            assertThat(statusByType).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                    "checkout", "success",
                    "chargeback_initiated", "chargeback_open",
                    "chargeback_resolved", "chargeback_lost"));
        }
    }

    @Test
    void ipnBodyIsSignedWithStandardWebhooksAndAnEditedOrReplayedBodyFailsVerification() throws Exception {
        String company = newCompany();
        String secretKey = issueSecret(company, "ckc_" + UUID.randomUUID().toString().replace("-", ""));
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String chargeId = Ids.next("chg");
            events.send(created(company, chargeId, "order-body-" + UUID.randomUUID(), receiver.url("/ipn"), 10050));
            events.send(paid(company, chargeId, 10050, 2));
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 1);
            WebhookReceiver.Request ipn = receiver.requests().get(0);
            JsonNode body = JSON.readTree(ipn.body());

            assertThat(ipn.header("webhook-id")).startsWith("ipn_");
            // One clock for both signatures: the header's timestamp is the body's.
            assertThat(ipn.header("webhook-timestamp")).isEqualTo(body.path("timestamp").asText());
            assertThat(bodySignatureVerifies(ipn, secretKey)).isTrue();
            // What a Standard Webhooks library does when given "whsec_" + base64(secret_key).
            assertThat(StandardWebhooksVerifier.verifies(asWhsec(secretKey), ipn)).isTrue();
            assertThat(bodySignatureVerifies(ipn, secretKey + "x")).isFalse();

            // The attack of finding M3: the amount changed, seed 003's signature still passes, the body's does not.
            byte[] edited = ipn.bodyText().replace("\"amount\":100.50", "\"amount\":1.00")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(edited).isNotEqualTo(ipn.body());
            WebhookReceiver.Request tampered = new WebhookReceiver.Request(ipn.number(), ipn.path(), ipn.headers(),
                    edited, ipn.receivedAt());
            assertThat(phpRecipeAccepts(JSON.readTree(edited), secretKey)).isTrue();
            assertThat(bodySignatureVerifies(tampered, secretKey)).isFalse();
            assertThat(StandardWebhooksVerifier.verifies(asWhsec(secretKey), tampered)).isFalse();

            // A replay presented as fresh (new timestamp) fails too: the timestamp is signed.
            java.util.Map<String, String> replayedHeaders = new java.util.HashMap<>(ipn.headers());
            replayedHeaders.put("webhook-timestamp", Long.toString(Instant.now().getEpochSecond() + 60));
            WebhookReceiver.Request replayed = new WebhookReceiver.Request(ipn.number(), ipn.path(),
                    java.util.Map.copyOf(replayedHeaders), ipn.body(), ipn.receivedAt());
            assertThat(bodySignatureVerifies(replayed, secretKey)).isFalse();
        }
    }

    @Test
    void anIpnUrlOnTrocosOwnServicePortIsNeverCalled() {
        String company = newCompany();
        issueSecret(company, "ckc_" + UUID.randomUUID().toString().replace("-", ""));
        String chargeId = Ids.next("chg");
        events.send(created(company, chargeId, "order-port", "http://127.0.0.1:8084/internal/v1/companies/"
                + company + "/ipn-secret?environment=PRODUCTION&credentialId=ckc_x", 700));
        events.send(paid(company, chargeId, 700, 2));

        await().atMost(DEADLINE).until(() -> database.count(
                "SELECT count(*) FROM ipn_delivery WHERE charge_id = ? AND status = 'FAILED'", chargeId) == 1);
        assertThat(database.count("SELECT count(*) FROM ipn_delivery WHERE charge_id = ? AND last_status_code IS NULL"
                + " AND last_error LIKE '%Troco''s own services%'", chargeId)).isEqualTo(1);
    }

    @Test
    void failedIpnIsRetriedAndTheRetryIsSignedAfresh() throws Exception {
        String company = newCompany();
        String secretKey = issueSecret(company, "ckc_" + UUID.randomUUID().toString().replace("-", ""));
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver receiver = WebhookReceiver.start(request -> calls.incrementAndGet() == 1
                ? WebhookReceiver.Reply.status(503) : WebhookReceiver.Reply.ok())) {
            String chargeId = Ids.next("chg");
            events.send(created(company, chargeId, "order-retry", receiver.url("/ipn"), 700));
            events.send(paid(company, chargeId, 700, 2));
            await().atMost(DEADLINE).until(() -> receiver.requests().size() == 2);
            for (WebhookReceiver.Request request : receiver.requests()) {
                assertThat(phpRecipeAccepts(JSON.readTree(request.body()), secretKey)).isTrue();
                assertThat(bodySignatureVerifies(request, secretKey)).isTrue();
            }
            assertThat(receiver.requests().get(1).header("webhook-id"))
                    .isEqualTo(receiver.requests().get(0).header("webhook-id"));
        }
    }

    @Test
    void secretIsIssuedOncePerCredentialAndACredentialBelongsToOneCompany() {
        String company = newCompany();
        String credential = "ckc_" + UUID.randomUUID().toString().replace("-", "");
        String first = issuePendingSecret(company, credential);
        assertThat(first).matches("sk_test_[0-9A-Za-z]{40}");
        assertThat(issuePendingSecret(company, credential)).isEqualTo(first);
        String second = issuePendingSecret(company, "ckc_" + UUID.randomUUID().toString().replace("-", ""));
        assertThat(second).isNotEqualTo(first);
        given().put("/internal/v1/companies/" + company + "/ipn-secret?environment=SANDBOX")
                .then().statusCode(400);
        given().put("/internal/v1/companies/" + newCompany() + "/ipn-secret?environment=SANDBOX&credentialId="
                + credential).then().statusCode(409);
        given().put("/internal/v1/companies/" + company + "/ipn-secret?environment=PRODUCTION&credentialId="
                + credential).then().statusCode(409);
    }

    // ---- seed 003's recipes, reimplemented ----

    /** {@code strtoupper(hash_hmac('sha256', $identifier.$timestamp, $secret_key))}, compared with the IPN's signature. */
    static boolean phpRecipeAccepts(JsonNode ipn, String secretKey) throws Exception {
        String identifier = ipn.path("identifier").asText();
        String timestamp = ipn.path("timestamp").asText(); // PHP concatenates the value as sent
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal((identifier + timestamp).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString().toUpperCase(Locale.ROOT).equals(ipn.path("signature").asText());
    }

    /** {@code crypto.createHmac('sha256', secret_key).update(`${identifier}${timestamp}`).digest('hex').toUpperCase()}. */
    private static boolean jsRecipeAccepts(JsonNode ipn, String secretKey) throws Exception {
        String message = ipn.path("identifier").asText() + ipn.path("timestamp").asLong();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)))
                .toUpperCase(Locale.ROOT).equals(ipn.path("signature").asText());
    }

    /**
     * The README's body-signature recipe, written from it and sharing no code with the service:
     * HMAC-SHA256 keyed with the secret_key's UTF-8 bytes over {@code webhook-id + "." +
     * webhook-timestamp + "." + raw body}, base64, compared with each {@code v1,} signature.
     */
    static boolean bodySignatureVerifies(WebhookReceiver.Request ipn, String secretKey) throws Exception {
        String signed = ipn.header("webhook-id") + "." + ipn.header("webhook-timestamp") + ".";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(signed.getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(ipn.body()));
        for (String signature : ipn.header("webhook-signature").split(" ")) {
            if (java.security.MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                    expected.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    private static String asWhsec(String secretKey) {
        return "whsec_" + java.util.Base64.getEncoder().encodeToString(secretKey.getBytes(StandardCharsets.UTF_8));
    }

    // ---- fixtures ----

    static String newCompany() {
        return "cmp_ipn" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What the gateway does for a Moderator: the PUT, then (once its credential is committed) ActivateIpnSecret. */
    private String issueSecret(String company, String credential) {
        String secret = issuePendingSecret(company, credential);
        events.sendCommand(EventSender.activation(company, credential));
        await().atMost(DEADLINE).until(() -> database.count(
                "SELECT count(*) FROM ipn_secret WHERE credential_id = ? AND activated_at IS NOT NULL", credential) == 1);
        return secret;
    }

    static String issuePendingSecret(String company, String credential) {
        return given().put("/internal/v1/companies/" + company + "/ipn-secret?environment=SANDBOX&credentialId="
                + credential).then().statusCode(200).extract().path("secretKey");
    }

    static ChargeCreated created(String company, String chargeId, String identifier, String ipnUrl,
            long amountCents) {
        return ChargeCreated.newBuilder()
                .setMeta(EventSender.meta(company, Environment.SANDBOX, chargeId, 1))
                .setMethod(PaymentMethod.PIX)
                .setAmountCents(amountCents)
                .setCurrency("BRL")
                .setFeePayer(FeePayer.PAYEE_FROM_APP)
                .setCheckout(HostedCheckout.newBuilder().setSessionId("chk_of_" + chargeId).setIdentifier(identifier)
                        .setIpnUrl(ipnUrl).build())
                .build();
    }

    static ChargePaid paid(String company, String chargeId, long amountCents, long version) {
        return ChargePaid.newBuilder()
                .setMeta(EventSender.meta(company, Environment.SANDBOX, chargeId, version))
                .setAmountCents(amountCents)
                .setPaidAmountCents(amountCents)
                .setCurrency("BRL")
                .setPaidAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .build();
    }
}
