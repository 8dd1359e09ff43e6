package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.common.FeePayer;
import dev.troco.events.common.HostedCheckout;
import dev.troco.events.common.PaymentMethod;
import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding M4 over the real broker and database: one company floods production with webhooks and
 * IPNs to a tarpit (every attempt lasts the whole production timeout of 5 seconds), and several
 * sandbox companies flood the sandbox the same way, more than the sandbox lane's threads. Another
 * company's production webhook and production IPN still arrive within {@link #ON_TIME}, long before
 * a single tarpit attempt ends: without a production lane of its own the sandbox flood would hold
 * every thread, and without a share per company the production flood would.
 */
@QuarkusTest
@TestProfile(FairDeliveryTest.ProductionTimeout.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification"))
class FairDeliveryTest {

    /** The production attempt timeout (5 s) instead of the tests' 2 s: a tarpit holds each thread that long. */
    public static class ProductionTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troco.notification.delivery.timeout-ms", "5000");
        }
    }

    /** Well under one tarpit attempt (5 s): a delivery queued behind the flood would wait at least that. */
    private static final Duration ON_TIME = Duration.ofSeconds(3);
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String ENDPOINTS = "/internal/v1/companies/{companyId}/webhook-endpoints";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventSender events;

    @Inject
    DataSource dataSource;

    private TestDatabase database;

    @BeforeAll
    static void connect() {
        events = new EventSender();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @BeforeEach
    void database() {
        database = new TestDatabase(dataSource);
    }

    @Test
    void aTarpitFloodInProductionAndSandboxDoesNotDelayAnotherCompanysProductionWebhookOrIpn() throws Exception {
        String flooder = "cmp_flood" + UUID.randomUUID().toString().substring(0, 8);
        String merchant = "cmp_fair" + UUID.randomUUID().toString().substring(0, 8);
        issueProductionSecret(flooder);
        issueProductionSecret(merchant);

        try (Tarpit tarpit = Tarpit.open(12);
                WebhookReceiver webhooks = WebhookReceiver.https(request -> WebhookReceiver.Reply.ok());
                WebhookReceiver ipns = WebhookReceiver.https(request -> WebhookReceiver.Reply.ok())) {
            given().contentType(ContentType.JSON).queryParam("environment", "PRODUCTION")
                    .body(Map.of("url", webhooks.url("/hooks"), "eventTypes", List.of("charge.created")))
                    .post(ENDPOINTS, merchant)
                    .then().statusCode(201);

            // Production: 30 callbacks and 20 IPNs of one company, to 12 tarpit hosts.
            for (int i = 0; i < 30; i++) {
                events.send(charge(flooder, Environment.PRODUCTION, tarpit.url(i, true)));
            }
            for (int i = 0; i < 20; i++) {
                String chargeId = Ids.next("chg");
                events.send(checkout(flooder, chargeId, tarpit.url(i, true)));
                events.send(paid(flooder, chargeId));
            }
            // Sandbox: six companies with six callbacks each, 36 in all, to the same tarpit.
            for (int company = 0; company < 6; company++) {
                String sandboxCompany = "cmp_sbx" + company + UUID.randomUUID().toString().substring(0, 6);
                for (int i = 0; i < 6; i++) {
                    events.send(charge(sandboxCompany, Environment.SANDBOX, tarpit.url(company * 6 + i, false)));
                }
            }
            // The flood holds threads now: production webhooks and IPNs of the flooder, and the sandbox lane.
            await().atMost(DEADLINE).until(() -> tarpit.accepted() >= 14);

            Instant sent = Instant.now();
            String chargeId = Ids.next("chg");
            events.send(checkout(merchant, chargeId, ipns.url("/ipn")));
            events.send(paid(merchant, chargeId));

            await().atMost(DEADLINE).until(() -> !webhooks.requests().isEmpty() && !ipns.requests().isEmpty());
            Duration webhookTook = Duration.between(sent, webhooks.requests().get(0).receivedAt());
            Duration ipnTook = Duration.between(sent, ipns.requests().get(0).receivedAt());
            assertThat(webhookTook).as("the production webhook waited %s", webhookTook).isLessThan(ON_TIME);
            assertThat(ipnTook).as("the production IPN waited %s", ipnTook).isLessThan(ON_TIME);
            assertThat(JSON.readTree(ipns.requests().get(0).body()).path("status").asText()).isEqualTo("success");
            // The flood was still going on: none of its attempts could have ended yet, and more were waiting.
            assertThat(database.count("""
                    SELECT count(*) FROM webhook_delivery d JOIN event e ON e.id = d.event_id
                    WHERE e.company_id = ? AND d.status = 'PENDING' AND d.attempt_count = 0""", flooder))
                    .isPositive();
        }
    }

    // ---- fixtures ----

    /** The gateway's PUT and then its ActivateIpnSecret, in production. */
    private void issueProductionSecret(String company) {
        String credential = "ckc_" + UUID.randomUUID().toString().replace("-", "");
        given().put("/internal/v1/companies/" + company + "/ipn-secret?environment=PRODUCTION&credentialId="
                + credential).then().statusCode(200);
        events.sendCommand(ActivateIpnSecret.newBuilder()
                .setMeta(CommandMetadata.newBuilder()
                        .setCommandId(Ids.uuid7())
                        .setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .setMerchantId(company)
                        .setEnvironment(Environment.PRODUCTION)
                        .setAggregateId(credential)
                        .build())
                .setCredentialId(credential)
                .build());
        await().atMost(DEADLINE).until(() -> database.count(
                "SELECT count(*) FROM ipn_secret WHERE credential_id = ? AND activated_at IS NOT NULL", credential) == 1);
    }

    private static ChargeCreated charge(String company, Environment environment, String callbackUrl) {
        return ChargeCreated.newBuilder()
                .setMeta(EventSender.meta(company, environment, Ids.next("chg"), 1))
                .setMethod(PaymentMethod.PIX)
                .setAmountCents(1000)
                .setCurrency("BRL")
                .setCallbackUrl(callbackUrl)
                .setFeePayer(FeePayer.PAYEE_FROM_APP)
                .build();
    }

    private static ChargeCreated checkout(String company, String chargeId, String ipnUrl) {
        return ChargeCreated.newBuilder()
                .setMeta(EventSender.meta(company, Environment.PRODUCTION, chargeId, 1))
                .setMethod(PaymentMethod.PIX)
                .setAmountCents(1000)
                .setCurrency("BRL")
                .setFeePayer(FeePayer.PAYEE_FROM_APP)
                .setCheckout(HostedCheckout.newBuilder().setSessionId("chk_of_" + chargeId)
                        .setIdentifier("order-" + chargeId).setIpnUrl(ipnUrl).build())
                .build();
    }

    private static ChargePaid paid(String company, String chargeId) {
        return ChargePaid.newBuilder()
                .setMeta(EventSender.meta(company, Environment.PRODUCTION, chargeId, 2))
                .setAmountCents(1000)
                .setPaidAmountCents(1000)
                .setCurrency("BRL")
                .setPaidAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .build();
    }
}
