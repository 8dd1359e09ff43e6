package dev.troco.charge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.troco.charge.domain.Charge;
import dev.troco.charge.domain.ChargeStatus;
import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.charge.ChargeCommandRefused;
import dev.troco.events.charge.ChargeExpired;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargeRefunded;
import dev.troco.events.charge.ChargeRejected;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.charge.RefundCharge;
import dev.troco.events.charge.SimulatedOutcome;
import dev.troco.events.common.Environment;
import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import dev.troco.testing.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The charge state machine over the real broker: payments, rejections, refunds, expiry, refusals. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "charge"))
class ChargeLifecycleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final MessageCodec CODEC = MessageCodec.standard();
    private static CommandSender commands;
    private static TopicProbe events;

    @BeforeAll
    static void connect() {
        commands = new CommandSender();
        events = TopicProbe.read(Topics.CHARGE_EVENTS);
    }

    @AfterAll
    static void disconnect() {
        commands.close();
        events.close();
    }

    @Test
    void aPartialPaymentThenPartialRefundsUpToThePaidAmountAndOneMoreRefused() {
        String id = created(10_000);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID, 8_000L));
        ChargePaid paid = awaitEvent(id, ChargePaid.class);
        assertThat(paid.getPaidAmountCents()).isEqualTo(8_000);

        commands.send(CommandSender.refund(id, Ids.next("ref"), 3_000L));
        commands.send(CommandSender.refund(id, Ids.next("ref"), 5_000L));
        RefundCharge oneMore = CommandSender.refund(id, Ids.next("ref"), 1L);
        commands.send(oneMore);
        // a later, allowed command on the same charge shows the refused one was consumed
        commands.send(CommandSender.cancel(id));
        List<ChargeRefunded> refunds = awaitEvents(id, ChargeRefunded.class, 2);
        assertThat(refunds).extracting(ChargeRefunded::getAmountCents).containsExactly(3_000L, 5_000L);
        assertThat(refunds.get(1).getFullyRefunded()).isTrue();
        assertThat(refunds.get(1).getRefundedTotalCents()).isEqualTo(8_000);
        ChargeCommandRefused refused = awaitRefusalOf(oneMore);
        assertThat(refused.getCode()).isEqualTo("invalid_state");
        assertThat(refused.getDetail()).isEqualTo("Charge " + id + " is Refunded and cannot be refunded");

        await().atMost(DEADLINE).until(() -> charge(id).version == 4);
        Charge stored = charge(id);
        assertThat(stored.status).isEqualTo(ChargeStatus.REFUNDED);
        assertThat(stored.refundedCents).isEqualTo(8_000);
        given().get("/internal/v1/charges/" + id + "?merchantId=" + CommandSender.MERCHANT + "&environment=SANDBOX")
                .then().statusCode(200)
                .body("status.name", org.hamcrest.Matchers.equalTo("Refunded"))
                .body("paidAmountCents", org.hamcrest.Matchers.equalTo(8000))
                .body("refundAmountCents", org.hamcrest.Matchers.equalTo(8000))
                .body("refundMode", org.hamcrest.Matchers.equalTo("FULL_REFUND_CLIENT"))
                .body("payinRefunds", org.hamcrest.Matchers.hasSize(2));
    }

    @Test
    void aBoletoCarriesValidDigitsAndTheSeedsFeeArithmetic() {
        String id = Ids.next("chg");
        CreateCharge create = CommandSender.create(id, 10_000);
        create.setMethod(dev.troco.events.common.PaymentMethod.BOLETO);
        create.setExpiresAt(Instant.parse("2026-12-24T18:00:00Z"));
        create.setAppFeeCents(400);
        commands.send(create);
        dev.troco.events.charge.ChargeCreated created = awaitEvent(id, dev.troco.events.charge.ChargeCreated.class);

        var barcode = dev.troco.charge.boleto.BoletoBarcode.parse(created.getBoletoBarcode());
        assertThat(barcode.amountCents()).isEqualTo(10_000);
        assertThat(barcode.dueDate(java.time.LocalDate.of(2026, 11, 22))).contains(java.time.LocalDate.of(2026, 12, 24));
        assertThat(dev.troco.charge.boleto.LinhaDigitavel.parse(created.getBoletoDigitableLine()).barcode())
                .isEqualTo(barcode);
        // seed 002, use case 1 at the test rate of 3%: the merchant nets 96.00, the processing fee is 3.00
        assertThat(created.getProcessingFeeCents()).isEqualTo(300);
        assertThat(created.getPayerPaysCents()).isEqualTo(10_000);
        assertThat(created.getMerchantNetsCents()).isEqualTo(9_600);
        assertThat(created.getPixCopyPaste()).isNull();
    }

    @Test
    void aChargebackOpensOnAPaidChargeBlocksRefundsAndIsResolvedOnce() {
        String id = created(7_000);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID, null));
        awaitEvent(id, ChargePaid.class);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.CHARGEBACK_INITIATED, null));
        var opened = awaitEvent(id, dev.troco.events.charge.ChargeChargebackInitiated.class);
        assertThat(opened.getAmountCents()).isEqualTo(7_000);
        RefundCharge duringTheDispute = CommandSender.refund(id, Ids.next("ref"), 1_000L);
        commands.send(duringTheDispute);
        ChargeCommandRefused refused = awaitRefusalOf(duringTheDispute);
        assertThat(refused.getCode()).isEqualTo("chargeback_open");
        assertThat(refused.getDetail()).contains("open chargeback");
        assertThat(refused.getCommandType()).isEqualTo(RefundCharge.class.getName());
        assertThat(refused.getRefundId()).isEqualTo(duringTheDispute.getRefundId());
        assertThat(refused.getMeta().getMerchantId()).isEqualTo(CommandSender.MERCHANT);
        // nothing changed: the refusal repeats the version of the chargeback that caused it
        assertThat(refused.getMeta().getAggregateVersion()).isEqualTo(opened.getMeta().getAggregateVersion());
        commands.send(CommandSender.simulate(id, SimulatedOutcome.CHARGEBACK_RESOLVED_FOR_MERCHANT, null));
        commands.send(CommandSender.simulate(id, SimulatedOutcome.CHARGEBACK_RESOLVED_FOR_CLIENT, null));
        var resolved = awaitEvent(id, dev.troco.events.charge.ChargeChargebackResolved.class);
        assertThat(resolved.getResolution()).isEqualTo(dev.troco.events.charge.ChargebackResolution.IN_FAVOR_OF_MERCHANT);
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() ->
                ofType(id, dev.troco.events.charge.ChargeChargebackResolved.class).size() == 1
                        && ofType(id, ChargeRefunded.class).isEmpty());
        given().get("/internal/v1/charges/" + id + "?merchantId=" + CommandSender.MERCHANT + "&environment=SANDBOX")
                .then().statusCode(200)
                .body("payin_substatus", org.hamcrest.Matchers.equalTo("chargeback_won"))
                .body("chargeback.status", org.hamcrest.Matchers.equalTo("RESOLVED_FOR_MERCHANT"));
    }

    @Test
    void twoConcurrentPartialRefundsAboveThePaidAmountRefundOneAndRefuseTheOtherWithItsReason() throws Exception {
        String id = created(10_000);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID, null));
        awaitEvent(id, ChargePaid.class);

        RefundCharge first = CommandSender.refund(id, Ids.next("ref"), 6_000L);
        RefundCharge second = CommandSender.refund(id, Ids.next("ref"), 6_000L);
        try (CommandSender other = new CommandSender()) {
            var sending = java.util.concurrent.CompletableFuture.runAsync(() -> other.send(second));
            commands.send(first);
            sending.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        ChargeRefunded refunded = awaitEvent(id, ChargeRefunded.class);
        ChargeCommandRefused refused = awaitEvent(id, ChargeCommandRefused.class);
        RefundCharge winner = refunded.getRefundId().equals(first.getRefundId()) ? first : second;
        RefundCharge loser = winner == first ? second : first;
        assertThat(refunded.getMeta().getCausationId()).isEqualTo(CommandSender.messageId(winner));
        assertThat(refused.getMeta().getCausationId()).isEqualTo(CommandSender.messageId(loser));
        assertThat(refused.getRefundId()).isEqualTo(loser.getRefundId());
        assertThat(refused.getCode()).isEqualTo("refund_exceeds_paid");
        assertThat(refused.getDetail()).contains("A refund of 6000 is more than the 4000 left");
        Charge stored = charge(id);
        assertThat(stored.refundedCents).isEqualTo(6_000);
        assertThat(stored.status).isEqualTo(ChargeStatus.PAID);
        Object loserRow = QuarkusTransaction.requiringNew().call(
                () -> dev.troco.charge.domain.ChargeRefund.findById(loser.getRefundId()));
        assertThat(loserRow).isNull();
    }

    @Test
    void aChargeWhoseChargebackThePayerWonCannotBeRefundedAgain() {
        String id = created(3_000);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID, null));
        awaitEvent(id, ChargePaid.class);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.CHARGEBACK_INITIATED, null));
        commands.send(CommandSender.simulate(id, SimulatedOutcome.CHARGEBACK_RESOLVED_FOR_CLIENT, null));
        awaitEvent(id, dev.troco.events.charge.ChargeChargebackResolved.class);

        RefundCharge refund = CommandSender.refund(id, Ids.next("ref"), null);
        commands.send(refund);
        assertThat(awaitRefusalOf(refund).getCode()).isEqualTo("chargeback_lost");
        assertThat(ofType(id, ChargeRefunded.class)).isEmpty();
        assertThat(charge(id).refundedCents).isZero();
    }

    @Test
    void theSameRefundDeliveredTwiceRefundsOnce() {
        String id = created(5_000);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID, null));
        awaitEvent(id, ChargePaid.class);
        String refundId = Ids.next("ref");
        commands.send(CommandSender.refund(id, refundId, 1_000L));
        commands.send(CommandSender.refund(id, refundId, 1_000L));
        commands.send(CommandSender.refund(id, Ids.next("ref"), 500L));
        List<ChargeRefunded> refunds = awaitEvents(id, ChargeRefunded.class, 2);
        assertThat(refunds).extracting(ChargeRefunded::getAmountCents).containsExactly(1_000L, 500L);
        assertThat(charge(id).refundedCents).isEqualTo(1_500);
    }

    @Test
    void aRejectedChargeCannotBePaidLater() {
        String id = created(2_000);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.REJECTED, null));
        assertThat(awaitEvent(id, ChargeRejected.class).getReasonCode()).isEqualTo("insufficient_funds");
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID, null));
        RefundCharge refund = CommandSender.refund(id, Ids.next("ref"), 100L);
        commands.send(refund);
        assertThat(awaitRefusalOf(refund).getCode()).isEqualTo("invalid_state");
        // created, rejected, and the refund's refusal: the payment was ignored
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE)
                .until(() -> events.recordsWithKey(id).size() == 3 && charge(id).status == ChargeStatus.REJECTED);
    }

    @Test
    void simulationsAreRefusedInProduction() {
        String id = Ids.next("chg");
        CreateCharge create = CommandSender.create(id, 1_000);
        create.getMeta().setEnvironment(Environment.PRODUCTION);
        commands.send(create);
        awaitEvents(id, dev.troco.events.charge.ChargeCreated.class, 1);
        var simulate = CommandSender.simulate(id, SimulatedOutcome.PAID, null);
        simulate.getMeta().setEnvironment(Environment.PRODUCTION);
        commands.send(simulate);
        try (TopicProbe dead = TopicProbe.read(Topics.deadLetter(Topics.CHARGE_COMMANDS))) {
            await().atMost(DEADLINE).until(() -> dead.recordsWithKey(id).stream().anyMatch(r -> new String(
                    r.headers().lastHeader(MessageHeaders.DLQ_REASON).value(), StandardCharsets.UTF_8)
                    .contains("sandbox only")));
        }
        assertThat(charge(id).status).isEqualTo(ChargeStatus.CREATED);
    }

    @Test
    void anUnpaidChargePastItsDateExpiresByItself() {
        String id = Ids.next("chg");
        CreateCharge create = CommandSender.create(id, 1_500);
        create.setExpiresAt(Instant.now().plusSeconds(2));
        commands.send(create);
        ChargeExpired expired = awaitEvent(id, ChargeExpired.class);
        assertThat(expired.getMeta().getCausationId()).isNull();
        assertThat(charge(id).status).isEqualTo(ChargeStatus.EXPIRED);
        // a payment that comes too late is not applied
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID, null));
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> charge(id).status == ChargeStatus.EXPIRED);
    }

    @Test
    void anExpiredBoletoPaidLateBecomesPaidAndSaysSo() {
        String id = Ids.next("chg");
        CreateCharge create = CommandSender.create(id, 4_000);
        create.setMethod(dev.troco.events.common.PaymentMethod.BOLETO);
        create.setExpiresAt(Instant.now().plusSeconds(2));
        commands.send(create);
        awaitEvent(id, ChargeExpired.class);

        // an on-time payment is no longer possible; a late one (partial, as banks may take less) is
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID, null));
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID_LATE, 3_900L));
        ChargePaid paid = awaitEvent(id, ChargePaid.class);
        assertThat(paid.getLate()).isTrue();
        assertThat(paid.getPaidAmountCents()).isEqualTo(3_900);
        // the same late payment told twice is applied once
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID_LATE, null));
        await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> events.recordsWithKey(id).size() == 3);

        Charge stored = charge(id);
        assertThat(stored.status).isEqualTo(ChargeStatus.PAID);
        assertThat(stored.paidLate).isTrue();
        assertThat(stored.paidAmountCents).isEqualTo(3_900);
        given().queryParam("merchantId", CommandSender.MERCHANT).queryParam("environment", "SANDBOX")
                .get("/internal/v1/charges/" + id).then().statusCode(200)
                .body("status.name", org.hamcrest.Matchers.equalTo("Paid"))
                .body("paidLate", org.hamcrest.Matchers.equalTo(true))
                .body("payin_substatus", org.hamcrest.Matchers.equalTo("paid_late"))
                .body("statusHistory.status.name", org.hamcrest.Matchers.contains("Created", "Expired", "Paid"));
    }

    @Test
    void aLatePaymentOfAnOpenChargeExpiresItFirstAndACardChargeCannotBePaidLate() {
        String id = Ids.next("chg");
        CreateCharge create = CommandSender.create(id, 2_500);
        create.setExpiresAt(Instant.now().plus(Duration.ofDays(3)));
        commands.send(create);
        awaitEvents(id, dev.troco.events.charge.ChargeCreated.class, 1);
        commands.send(CommandSender.simulate(id, SimulatedOutcome.PAID_LATE, null));
        ChargeExpired expired = awaitEvent(id, ChargeExpired.class);
        ChargePaid paid = awaitEvent(id, ChargePaid.class);
        assertThat(paid.getLate()).isTrue();
        assertThat(paid.getMeta().getAggregateVersion()).isEqualTo(expired.getMeta().getAggregateVersion() + 1);
        assertThat(charge(id).paidAmountCents).isEqualTo(2_500);

        String card = Ids.next("chg");
        CreateCharge cardCharge = CommandSender.create(card, 1_000);
        cardCharge.setMethod(dev.troco.events.common.PaymentMethod.CARD);
        cardCharge.setExpiresAt(Instant.now().plus(Duration.ofDays(3)));
        commands.send(cardCharge);
        awaitEvents(card, dev.troco.events.charge.ChargeCreated.class, 1);
        commands.send(CommandSender.simulate(card, SimulatedOutcome.PAID_LATE, null));
        commands.send(CommandSender.cancel(card));
        awaitEvent(card, dev.troco.events.charge.ChargeCanceled.class);
        assertThat(events.recordsWithKey(card)).hasSize(2);
        assertThat(charge(card).status).isEqualTo(ChargeStatus.CANCELED);
    }

    @Test
    void aPixChargePaidByCardOnTheHostedCheckoutKeepsWhatMayBeShownOfTheCard() {
        String id = created(7_700);
        var simulate = CommandSender.simulate(id, SimulatedOutcome.PAID, null);
        simulate.setCard(dev.troco.events.common.CardToken.newBuilder().setToken("tok_checkout1").setBrand("visa")
                .setLast4("1111").setExpMonth(12).setExpYear(2039).setHolderName("JOHN DOE").build());
        commands.send(simulate);
        assertThat(awaitEvent(id, ChargePaid.class).getLate()).isFalse();
        given().queryParam("merchantId", CommandSender.MERCHANT).queryParam("environment", "SANDBOX")
                .get("/internal/v1/charges/" + id).then().statusCode(200)
                .body("typePayin", org.hamcrest.Matchers.equalTo("pix"))
                .body("card.brand", org.hamcrest.Matchers.equalTo("visa"))
                .body("card.last4", org.hamcrest.Matchers.equalTo("1111"))
                .body("card.holderName", org.hamcrest.Matchers.equalTo("JOHN DOE"))
                .body("paidLate", org.hamcrest.Matchers.equalTo(false))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("payin_substatus")));
    }

    private static String created(long amountCents) {
        String id = Ids.next("chg");
        commands.send(CommandSender.create(id, amountCents));
        awaitEvents(id, dev.troco.events.charge.ChargeCreated.class, 1);
        return id;
    }

    private static Charge charge(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Charge.<Charge>findById(id));
    }

    /** The refusal that answers this command: the one whose causation is the command's id. */
    private static ChargeCommandRefused awaitRefusalOf(RefundCharge command) {
        String chargeId = command.getMeta().getAggregateId();
        String commandId = CommandSender.messageId(command);
        await().atMost(DEADLINE).until(() -> ofType(chargeId, ChargeCommandRefused.class).stream()
                .anyMatch(r -> commandId.equals(r.getMeta().getCausationId())));
        return ofType(chargeId, ChargeCommandRefused.class).stream()
                .filter(r -> commandId.equals(r.getMeta().getCausationId())).findFirst().orElseThrow();
    }

    private static <T> T awaitEvent(String id, Class<T> type) {
        return awaitEvents(id, type, 1).get(0);
    }

    private static <T> List<T> awaitEvents(String id, Class<T> type, int count) {
        await().atMost(DEADLINE).until(() -> ofType(id, type).size() >= count);
        return ofType(id, type);
    }

    private static <T> List<T> ofType(String id, Class<T> type) {
        return events.recordsWithKey(id).stream()
                .filter(r -> type.getName().equals(header(r)))
                .map(r -> type.cast(CODEC.decode(r.value())))
                .toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(MessageHeaders.MESSAGE_TYPE);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
