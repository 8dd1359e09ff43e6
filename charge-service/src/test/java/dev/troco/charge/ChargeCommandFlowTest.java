package dev.troco.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.troco.charge.domain.Charge;
import dev.troco.charge.domain.ChargeStatus;
import dev.troco.charge.messaging.ChargeCommandConsumer;
import dev.troco.charge.service.ChargeCommandHandler;
import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.CreateCharge;
import dev.troco.kit.id.Ids;
import dev.troco.kit.inbox.IncomingMessage;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import dev.troco.testing.TestKafka;
import dev.troco.testing.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mechanism every service relies on, over a real Kafka broker and a real PostgreSQL: command
 * in through the inbox, state change and event in one transaction, event out through the outbox.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "charge"))
class ChargeCommandFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final MessageCodec CODEC = MessageCodec.standard();

    private static CommandSender commands;
    private static TopicProbe events;
    private static TopicProbe deadLetters;

    @Inject
    DataSource dataSource;

    @Inject
    ChargeCommandHandler handler;

    @BeforeAll
    static void connect() {
        commands = new CommandSender();
        events = TopicProbe.read(Topics.CHARGE_EVENTS);
        deadLetters = TopicProbe.read(Topics.deadLetter(Topics.CHARGE_COMMANDS));
    }

    @AfterAll
    static void disconnect() {
        commands.close();
        events.close();
        deadLetters.close();
    }

    @Test
    void createCommandStoresTheChargeAndItsCreatedEventReachesTheTopic() {
        String chargeId = Ids.next("chg");
        CreateCharge create = CommandSender.create(chargeId, 8652);
        commands.send(create);

        ConsumerRecord<String, byte[]> record = awaitEvent(chargeId, ChargeCreated.class);
        ChargeCreated created = CODEC.decode(record.value(), ChargeCreated.class);
        assertThat(created.getAmountCents()).isEqualTo(8652);
        assertThat(created.getMeta().getMerchantId()).isEqualTo(CommandSender.MERCHANT);
        assertThat(created.getMeta().getAggregateVersion()).isEqualTo(1);
        assertThat(created.getMeta().getCausationId()).isEqualTo(CommandSender.messageId(create));
        assertThat(header(record, MessageHeaders.MESSAGE_ID)).isEqualTo(created.getMeta().getEventId().toString());
        assertThat(header(record, MessageHeaders.MESSAGE_TYPE)).isEqualTo(ChargeCreated.class.getName());

        Charge stored = QuarkusTransaction.requiringNew().call(() -> Charge.<Charge>findById(chargeId));
        assertThat(stored.status).isEqualTo(ChargeStatus.CREATED);
        assertThat(stored.amountCents).isEqualTo(8652);
        assertThat(stored.buyerDocument).isEqualTo("34960826312");
        // the payer's instructions travel with the event: a valid dynamic BR Code for this amount
        dev.troco.charge.pix.BrCode brCode = dev.troco.charge.pix.BrCodeParser.parse(created.getPixCopyPaste());
        assertThat(brCode.dynamic()).isTrue();
        assertThat(brCode.amountCents()).hasValue(8652);
        assertThat(brCode.location()).hasValueSatisfying(location -> assertThat(location).endsWith(stored.pixTxid));
        assertThat(created.getOurNumber()).isEqualTo(stored.ourNumber).isNotNull();
        assertThat(created.getPaymentKey()).hasSize(64);
        await().atMost(DEADLINE).until(() -> outboxRows(chargeId) == 0);
    }

    @Test
    void hostedCheckoutChargeCarriesPixAndBoletoAndItsCheckoutTravelsWithTheEvent() {
        String chargeId = Ids.next("chg");
        CreateCharge create = CommandSender.create(chargeId, 10000);
        create.setExpiresAt(java.time.Instant.parse("2030-06-30T23:59:59Z"));
        create.setCheckout(dev.troco.events.common.HostedCheckout.newBuilder()
                .setSessionId("chk_01jd0000000000000000000000").setIdentifier("order-123")
                .setIpnUrl("https://shop.example/ipn").build());
        commands.send(create);

        ChargeCreated created = CODEC.decode(awaitEvent(chargeId, ChargeCreated.class).value(), ChargeCreated.class);
        assertThat(created.getCheckout().getIdentifier()).isEqualTo("order-123");
        assertThat(created.getCheckout().getIpnUrl()).isEqualTo("https://shop.example/ipn");
        assertThat(created.getCheckout().getSessionId()).isEqualTo("chk_01jd0000000000000000000000");
        // the payer chooses on the page: PIX and boleto both
        assertThat(dev.troco.charge.pix.BrCodeParser.parse(created.getPixCopyPaste()).amountCents()).hasValue(10000);
        assertThat(created.getBoletoBarcode()).hasSize(44);
        assertThat(created.getBoletoDigitableLine()).hasSize(47);
        Charge stored = QuarkusTransaction.requiringNew().call(() -> Charge.<Charge>findById(chargeId));
        assertThat(stored.checkoutIdentifier).isEqualTo("order-123");
        assertThat(stored.checkoutIpnUrl).isEqualTo("https://shop.example/ipn");
    }

    @Test
    void cardChargeKeepsItsTokenBrandAndLastFourButNoNumber() {
        String chargeId = Ids.next("chg");
        CreateCharge create = CommandSender.create(chargeId, 4990);
        create.setMethod(dev.troco.events.common.PaymentMethod.CARD);
        create.setCard(dev.troco.events.common.CardToken.newBuilder().setToken("tok_test1").setBrand("visa")
                .setLast4("1111").setExpMonth(12).setExpYear(2031).setHolderName("MARIA DA SILVA").build());
        commands.send(create);

        ChargeCreated created = CODEC.decode(awaitEvent(chargeId, ChargeCreated.class).value(), ChargeCreated.class);
        assertThat(created.getPixCopyPaste()).isNull();
        assertThat(created.getBoletoBarcode()).isNull();
        Charge stored = QuarkusTransaction.requiringNew().call(() -> Charge.<Charge>findById(chargeId));
        assertThat(stored.cardToken).isEqualTo("tok_test1");
        assertThat(stored.cardLast4).isEqualTo("1111");
        RestAssured.given().get("/internal/v1/charges/" + chargeId + "?merchantId=" + CommandSender.MERCHANT
                        + "&environment=SANDBOX")
                .then().statusCode(200)
                .body("typePayin", org.hamcrest.Matchers.equalTo("credit-card"))
                .body("card.brand", org.hamcrest.Matchers.equalTo("visa"))
                .body("card.last4", org.hamcrest.Matchers.equalTo("1111"))
                .body("card.expMonth", org.hamcrest.Matchers.equalTo(12));
    }

    @Test
    void chargeMadeByTheApiHasNoCheckoutAndOnlyItsOwnMethodsInstructions() {
        String chargeId = Ids.next("chg");
        CreateCharge create = CommandSender.create(chargeId, 2000);
        create.setExpiresAt(java.time.Instant.parse("2030-06-30T23:59:59Z"));
        commands.send(create);

        ChargeCreated created = CODEC.decode(awaitEvent(chargeId, ChargeCreated.class).value(), ChargeCreated.class);
        assertThat(created.getCheckout()).isNull();
        assertThat(created.getPixCopyPaste()).isNotNull();
        assertThat(created.getBoletoBarcode()).isNull();
    }

    @Test
    void rolledBackTransactionLeavesNeitherTheChargeNorItsEvent() {
        String doomed = Ids.next("chg");
        CreateCharge create = CommandSender.create(doomed, 1000);
        IncomingMessage message = new IncomingMessage(CommandSender.messageId(create), Topics.CHARGE_COMMANDS, 0, 0,
                doomed, create, null);

        try {
            QuarkusTransaction.requiringNew().run(() -> {
                handler.handle(message);
                // read inside the transaction (same connection): the event row is there until the rollback
                assertThat(outboxRows(doomed)).isEqualTo(1);
                throw new IllegalStateException("a later step of the transaction fails");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }

        assertThat(chargeExists(doomed)).isFalse();
        assertThat(outboxRows(doomed)).isZero();
        // A later charge's event is published; the rolled-back one never is.
        String later = Ids.next("chg");
        commands.send(CommandSender.create(later, 1001));
        awaitEvent(later, ChargeCreated.class);
        assertThat(events.recordsWithKey(doomed)).isEmpty();
    }

    @Test
    void relayKeepsEventsWhileTheBrokerIsUnreachableAndPublishesThemInOrderWhenItReturns() {
        String first = Ids.next("chg");
        String second = Ids.next("chg");
        TestKafka.shared().networkProxy().cut();
        try {
            applyDirectly(CommandSender.create(first, 2000));
            applyDirectly(CommandSender.cancel(first));
            applyDirectly(CommandSender.create(second, 3000));

            // The rows wait in the table while the broker cannot be reached, and the backlog shows it.
            await().during(Duration.ofSeconds(2)).atMost(DEADLINE)
                    .until(() -> outboxRows(first) == 2 && outboxRows(second) == 1);
            String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(backlogGauge(metrics)).isGreaterThanOrEqualTo(3);
        } finally {
            TestKafka.shared().networkProxy().restore();
        }

        awaitEvent(first, ChargeCanceled.class);
        awaitEvent(second, ChargeCreated.class);
        List<String> firstTypes = events.recordsWithKey(first).stream()
                .map(r -> header(r, MessageHeaders.MESSAGE_TYPE)).distinct().toList();
        assertThat(firstTypes).containsExactly(ChargeCreated.class.getName(), ChargeCanceled.class.getName());
        List<Long> versions = events.recordsWithKey(first).stream()
                .map(r -> ((dev.troco.events.common.EventMetadata) ((org.apache.avro.specific.SpecificRecordBase)
                        CODEC.decode(r.value())).get("meta")).getAggregateVersion())
                .toList();
        assertThat(versions).isSorted();
        await().atMost(DEADLINE).until(() -> outboxRows(first) == 0 && outboxRows(second) == 0);
    }

    @Test
    void sameCommandDeliveredTwiceHasOneEffectAndOneEvent() {
        String chargeId = Ids.next("chg");
        CreateCharge create = CommandSender.create(chargeId, 4200);
        commands.send(create);
        commands.send(create);
        // The gateway re-publishing the create under a new command id changes nothing either.
        commands.send(CommandSender.create(chargeId, 4200));
        // A later command on the same charge (same partition) proves the copies were consumed first.
        commands.send(CommandSender.cancel(chargeId));

        awaitEvent(chargeId, ChargeCanceled.class);
        List<ConsumerRecord<String, byte[]>> created = events.recordsWithKey(chargeId).stream()
                .filter(r -> ChargeCreated.class.getName().equals(header(r, MessageHeaders.MESSAGE_TYPE)))
                .toList();
        assertThat(created).hasSize(1);
        assertThat(inboxRows(CommandSender.messageId(create))).isEqualTo(1);
        Charge stored = QuarkusTransaction.requiringNew().call(() -> Charge.<Charge>findById(chargeId));
        assertThat(stored.version).isEqualTo(2);
        assertThat(stored.status).isEqualTo(ChargeStatus.CANCELED);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndTheNextMessageIsStillHandled() {
        String chargeId = Ids.next("chg");
        String garbageId = Ids.uuid7().toString();
        commands.sendRaw(chargeId, garbageId, "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8));
        CreateCharge negative = CommandSender.create(chargeId, -5);
        commands.send(negative);
        commands.send(CommandSender.create(chargeId, 5000));

        awaitEvent(chargeId, ChargeCreated.class);
        await().atMost(DEADLINE).until(() -> deadLetters.recordsWithKey(chargeId).size() == 2);
        List<ConsumerRecord<String, byte[]>> dead = deadLetters.recordsWithKey(chargeId);
        assertThat(header(dead.get(0), MessageHeaders.MESSAGE_ID)).isEqualTo(garbageId);
        assertThat(header(dead.get(0), MessageHeaders.DLQ_REASON)).startsWith("undecodable");
        assertThat(header(dead.get(0), MessageHeaders.DLQ_CONSUMER)).isEqualTo(ChargeCommandConsumer.NAME);
        assertThat(header(dead.get(0), MessageHeaders.DLQ_ORIGINAL_TOPIC)).isEqualTo(Topics.CHARGE_COMMANDS);
        assertThat(header(dead.get(1), MessageHeaders.MESSAGE_ID)).isEqualTo(CommandSender.messageId(negative));
        assertThat(header(dead.get(1), MessageHeaders.DLQ_REASON)).contains("amountCents must be positive");
        Charge stored = QuarkusTransaction.requiringNew().call(() -> Charge.<Charge>findById(chargeId));
        assertThat(stored.amountCents).isEqualTo(5000);
    }

    private void applyDirectly(org.apache.avro.specific.SpecificRecordBase command) {
        String chargeId = ((dev.troco.events.common.CommandMetadata) command.get("meta")).getAggregateId();
        QuarkusTransaction.requiringNew().run(() -> handler.handle(new IncomingMessage(
                CommandSender.messageId(command), Topics.CHARGE_COMMANDS, 0, 0, chargeId, command, null)));
    }

    private static ConsumerRecord<String, byte[]> awaitEvent(String chargeId, Class<? extends SpecificRecord> type) {
        await().atMost(DEADLINE).until(() -> events.recordsWithKey(chargeId).stream()
                .anyMatch(r -> type.getName().equals(header(r, MessageHeaders.MESSAGE_TYPE))));
        return events.recordsWithKey(chargeId).stream()
                .filter(r -> type.getName().equals(header(r, MessageHeaders.MESSAGE_TYPE)))
                .findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static double backlogGauge(String metrics) {
        return metrics.lines()
                .filter(line -> line.startsWith("troco_outbox_backlog"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    private boolean chargeExists(String chargeId) {
        return count("SELECT count(*) FROM charge WHERE id = ?", chargeId) > 0;
    }

    private long outboxRows(String chargeId) {
        return count("SELECT count(*) FROM outbox_message WHERE aggregate_id = ?", chargeId);
    }

    private long inboxRows(String messageId) {
        return count("SELECT count(*) FROM inbox_message WHERE message_id = ?", messageId);
    }

    private long count(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
