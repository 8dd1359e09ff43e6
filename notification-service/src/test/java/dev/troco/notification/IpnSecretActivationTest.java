package dev.troco.notification;

import static dev.troco.notification.IpnDeliveryFlowTest.created;
import static dev.troco.notification.IpnDeliveryFlowTest.issuePendingSecret;
import static dev.troco.notification.IpnDeliveryFlowTest.newCompany;
import static dev.troco.notification.IpnDeliveryFlowTest.paid;
import static dev.troco.notification.IpnDeliveryFlowTest.phpRecipeAccepts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.kit.id.Ids;
import dev.troco.notification.ipn.IpnSecrets;
import dev.troco.notification.messaging.NotificationCommandConsumer;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import dev.troco.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A checkout credential's secret_key is pending until the gateway's ActivateIpnSecret arrives over
 * the real broker: until then the company's IPNs are signed with its earlier active secret (or not
 * sent), a repeated activation changes nothing, an older credential activated late never takes over
 * from a newer one, and an activation of a credential this service never issued is dead-lettered.
 * The signatures are checked with seed 003's recipe, as IpnDeliveryFlowTest does.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification"))
class IpnSecretActivationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventSender events;
    private static TopicProbe deadLetters;

    @Inject
    DataSource dataSource;

    @Inject
    IpnSecrets secrets;

    @Inject
    Clock clock;

    private TestDatabase database;

    @BeforeAll
    static void connect() {
        events = new EventSender();
        deadLetters = TopicProbe.read(Topics.deadLetter(Topics.NOTIFICATION_COMMANDS));
    }

    @AfterAll
    static void disconnect() {
        events.close();
        deadLetters.close();
    }

    @BeforeEach
    void database() {
        database = new TestDatabase(dataSource);
    }

    @Test
    void pendingSecretSignsNothingUntilItsActivationArrivesAndARepeatChangesNothing() throws Exception {
        String company = newCompany();
        String older = credential();
        String olderSecret = issuePendingSecret(company, older);
        activate(company, older);
        String newer = credential();
        String newerSecret = issuePendingSecret(company, newer);

        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            JsonNode beforeActivation = paidCheckoutIpn(company, receiver, 1);
            assertThat(phpRecipeAccepts(beforeActivation, olderSecret)).isTrue();
            assertThat(phpRecipeAccepts(beforeActivation, newerSecret)).isFalse();

            activate(company, newer);
            JsonNode afterActivation = paidCheckoutIpn(company, receiver, 2);
            assertThat(phpRecipeAccepts(afterActivation, newerSecret)).isTrue();
            assertThat(phpRecipeAccepts(afterActivation, olderSecret)).isFalse();

            Object activatedAt = activatedAt(newer);
            ActivateIpnSecret repeat = EventSender.activation(company, newer);
            events.sendCommand(repeat);
            awaitHandled(repeat);
            assertThat(activatedAt(newer)).isEqualTo(activatedAt);
            assertThat(phpRecipeAccepts(paidCheckoutIpn(company, receiver, 3), newerSecret)).isTrue();
        }
        assertThat(deadLettersFor(newer)).isEmpty();
    }

    @Test
    void aRetriedPutAnswersThePendingSecretButNeverOneThatIsAlreadyActive() {
        String company = newCompany();
        String credential = credential();
        String pending = issuePendingSecret(company, credential);
        assertThat(issuePendingSecret(company, credential)).isEqualTo(pending);

        activate(company, credential);

        String answer = given().put("/internal/v1/companies/" + company + "/ipn-secret?environment=SANDBOX&credentialId="
                + credential).then().statusCode(409).extract().asString();
        assertThat(answer).doesNotContain(pending).doesNotContain("sk_test_").contains("already active");
    }

    @Test
    void aCompanyWhoseOnlySecretIsPendingGetsNoIpn() {
        String company = newCompany();
        issuePendingSecret(company, credential());
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String chargeId = Ids.next("chg");
            events.send(created(company, chargeId, "order-" + UUID.randomUUID(), receiver.url("/ipn"), 1000));
            events.send(paid(company, chargeId, 1000, 2));
            await().atMost(DEADLINE).until(() -> database.count("""
                    SELECT count(*) FROM ipn_delivery WHERE charge_id = ? AND attempts >= 1
                    AND last_error LIKE '%no secret_key%'""", chargeId) == 1);
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void anOlderCredentialActivatedAfterANewerOneDoesNotTakeOver() throws Exception {
        String company = newCompany();
        String older = credential();
        String olderSecret = issuePendingSecret(company, older);
        String newer = credential();
        String newerSecret = issuePendingSecret(company, newer);
        activate(company, newer);
        activate(company, older); // arrived late, e.g. from another partition

        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            JsonNode ipn = paidCheckoutIpn(company, receiver, 1);
            assertThat(phpRecipeAccepts(ipn, newerSecret)).isTrue();
            assertThat(phpRecipeAccepts(ipn, olderSecret)).isFalse();
        }
    }

    @Test
    void activationOfACredentialNeverIssuedHereIsDeadLetteredWithItsReason() {
        String company = newCompany();
        String unknown = credential();
        events.sendCommand(EventSender.activation(company, unknown));
        String otherCompanys = credential();
        issuePendingSecret(newCompany(), otherCompanys);
        events.sendCommand(EventSender.activation(company, otherCompanys));

        for (String credential : List.of(unknown, otherCompanys)) {
            await().atMost(DEADLINE).until(() -> deadLettersFor(credential).size() == 1);
            ConsumerRecord<String, byte[]> dead = deadLettersFor(credential).get(0);
            assertThat(header(dead, MessageHeaders.DLQ_REASON))
                    .contains("no IPN secret was issued for credential " + credential);
            assertThat(header(dead, MessageHeaders.DLQ_CONSUMER)).isEqualTo(NotificationCommandConsumer.NAME);
        }
        assertThat(database.count("SELECT count(*) FROM ipn_secret WHERE credential_id = ? AND activated_at IS NOT NULL",
                otherCompanys)).isZero();
    }

    @Test
    void aSecretNeverActivatedWithinADayIsDeletedAndCanNoLongerBeActivated() {
        String company = newCompany();
        String active = credential();
        issuePendingSecret(company, active);
        activate(company, active);
        String abandoned = credential();
        issuePendingSecret(company, abandoned);

        // as the daily job would see it a day later
        secrets.deletePendingIssuedBefore(clock.instant().plusSeconds(1));

        assertThat(database.count("SELECT count(*) FROM ipn_secret WHERE credential_id = ?", abandoned)).isZero();
        assertThat(database.count("SELECT count(*) FROM ipn_secret WHERE credential_id = ?", active)).isEqualTo(1);
        events.sendCommand(EventSender.activation(company, abandoned));
        await().atMost(DEADLINE).until(() -> deadLettersFor(abandoned).size() == 1);
    }

    // ---- fixtures ----

    private static String credential() {
        return Ids.next("ckc");
    }

    private void activate(String company, String credential) {
        events.sendCommand(EventSender.activation(company, credential));
        await().atMost(DEADLINE).until(() -> activatedAt(credential) != null);
    }

    private Object activatedAt(String credential) {
        List<Map<String, Object>> rows = database.rows("SELECT activated_at FROM ipn_secret WHERE credential_id = ?",
                credential);
        return rows.isEmpty() ? null : rows.get(0).get("activated_at");
    }

    private void awaitHandled(ActivateIpnSecret command) {
        await().atMost(DEADLINE).until(() -> database.count(
                "SELECT count(*) FROM inbox_message WHERE consumer = ? AND message_id = ?",
                NotificationCommandConsumer.NAME, command.getMeta().getCommandId().toString()) == 1);
    }

    /** Pays a new hosted-checkout charge of the company and answers its IPN, the receiver's {@code nth} request. */
    private static JsonNode paidCheckoutIpn(String company, WebhookReceiver receiver, int nth) throws Exception {
        String chargeId = Ids.next("chg");
        events.send(created(company, chargeId, "order-" + UUID.randomUUID(), receiver.url("/ipn"), 2500));
        events.send(paid(company, chargeId, 2500, 2));
        await().atMost(DEADLINE).until(() -> receiver.requests().size() == nth);
        return JSON.readTree(receiver.requests().get(nth - 1).body());
    }

    private static List<ConsumerRecord<String, byte[]>> deadLettersFor(String credential) {
        return deadLetters.recordsWithKey(credential);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
