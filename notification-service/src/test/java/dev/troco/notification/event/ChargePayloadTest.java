package dev.troco.notification.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.events.charge.ChargeChargebackInitiated;
import dev.troco.events.charge.ChargeChargebackResolved;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargeRejected;
import dev.troco.events.charge.ChargebackResolution;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargeRefunded;
import dev.troco.events.common.EventMetadata;
import dev.troco.events.common.FeePayer;
import dev.troco.events.common.Party;
import dev.troco.events.common.PaymentMethod;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A charge's events folded into seed 004's payload. */
class ChargePayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2024-02-21T19:15:00Z");
    private static final Instant PAID = Instant.parse("2024-02-21T19:20:00.123456Z");

    @Test
    void aPaidChargeCarriesSeed004FieldsWithItsWholeHistory() throws Exception {
        ChargeSnapshot charge = ChargeSnapshot.empty(meta(1, CREATED));
        charge.apply(created(), meta(1, CREATED));
        charge.apply(ChargePaid.newBuilder().setMeta(meta(2, PAID)).setAmountCents(8652).setPaidAmountCents(8652)
                .setCurrency("BRL").setPaidAt(PAID).build(), meta(2, PAID));

        JsonNode payload = JSON.readTree(JSON.writeValueAsString(ChargePayload.of(charge, EventType.CHARGE_PAID)));

        assertThat(payload.get("id").asText()).isEqualTo("chg_1");
        assertThat(payload.get("customNumber").asText()).isEqualTo("YOUR-CODE1234");
        assertThat(payload.get("buyerName").asText()).isEqualTo("Maria da Silva");
        assertThat(payload.get("buyerDocument").asText()).isEqualTo("34960826312");
        assertThat(payload.get("buyerEmail").asText()).isEqualTo("buyer-email@wepayments.com.br");
        assertThat(payload.get("status").get("id").asInt()).isEqualTo(2);
        assertThat(payload.get("status").get("name").asText()).isEqualTo("Paid");
        assertThat(payload.get("typePayin").asText()).isEqualTo("credit-card");
        assertThat(payload.get("amountCents").asLong()).isEqualTo(8652);
        assertThat(payload.get("paidAmountCents").asLong()).isEqualTo(8652);
        assertThat(payload.get("paidAt").asText()).isEqualTo("2024-02-21T19:20:00.123456Z");
        assertThat(payload.get("createdAt").asText()).isEqualTo("2024-02-21T19:15:00.000000Z");
        assertThat(payload.get("expiresAt").asText()).isEqualTo("2024-12-31T23:59:59.000000Z");
        assertThat(payload.get("statusHistory")).hasSize(2);
        assertThat(payload.get("statusHistory").get(0).get("status").get("name").asText()).isEqualTo("Created");
        assertThat(payload.get("statusHistory").get(1).get("updatedAt").asText()).isEqualTo("2024-02-21T19:20:00.123456Z");
        assertThat(payload.get("refundAmountCents").asLong()).isZero();
        assertThat(payload.get("payinRefunds")).isEmpty();
        assertThat(payload.has("payin_substatus")).isTrue();
        assertThat(payload.get("payin_substatus").isNull()).isTrue();
        assertThat(payload.get("paidLate").asBoolean()).isFalse();
        assertThat(payload.get("version").asLong()).isEqualTo(2);
        assertThat(payload.get("eventType").asText()).isEqualTo("charge.paid");
    }

    @Test
    void aChargePaidAfterItExpiredSaysSoInItsSubstatusAndHistory() throws Exception {
        ChargeSnapshot charge = ChargeSnapshot.empty(meta(1, CREATED));
        charge.apply(created(), meta(1, CREATED));
        assertThat(JSON.readTree(JSON.writeValueAsString(ChargePayload.of(charge, EventType.CHARGE_CREATED)))
                .get("paidLate").isNull()).isTrue();
        Instant expired = Instant.parse("2025-01-01T00:00:00Z");
        charge.apply(dev.troco.events.charge.ChargeExpired.newBuilder().setMeta(meta(2, expired))
                .setExpiresAt(Instant.parse("2024-12-31T23:59:59Z")).build(), meta(2, expired));
        Instant late = Instant.parse("2025-01-03T10:00:00Z");
        charge.apply(ChargePaid.newBuilder().setMeta(meta(3, late)).setAmountCents(8652).setPaidAmountCents(8652)
                .setPaidAt(late).setLate(true).build(), meta(3, late));

        JsonNode payload = JSON.readTree(JSON.writeValueAsString(ChargePayload.of(charge, EventType.CHARGE_PAID)));

        assertThat(payload.get("status").get("name").asText()).isEqualTo("Paid");
        assertThat(payload.get("paidLate").asBoolean()).isTrue();
        assertThat(payload.get("payin_substatus").asText()).isEqualTo("paid_late");
        assertThat(payload.get("statusHistory").findValuesAsText("name")).containsExactly("Created", "Expired", "Paid");
    }

    @Test
    void aFullRefundMakesTheChargeRefundedAndListsTheRefund() throws Exception {
        ChargeSnapshot charge = ChargeSnapshot.empty(meta(1, CREATED));
        charge.apply(created(), meta(1, CREATED));
        charge.apply(ChargePaid.newBuilder().setMeta(meta(2, PAID)).setAmountCents(8652).setPaidAmountCents(8652)
                .setPaidAt(PAID).build(), meta(2, PAID));
        ChargeRefunded refund = ChargeRefunded.newBuilder().setMeta(meta(3, PAID.plusSeconds(60))).setRefundId("ref_1")
                .setAmountCents(8652).setRefundedTotalCents(8652).setFullyRefunded(true).build();
        charge.apply(refund, refund.getMeta());
        charge.apply(refund, refund.getMeta()); // the same refund told twice is listed once

        JsonNode payload = JSON.readTree(JSON.writeValueAsString(ChargePayload.of(charge, EventType.CHARGE_REFUNDED)));

        assertThat(payload.get("status").get("name").asText()).isEqualTo("Refunded");
        assertThat(payload.get("status").get("id").asInt()).isEqualTo(5);
        assertThat(payload.get("refundAmountCents").asLong()).isEqualTo(8652);
        assertThat(payload.get("payinRefunds")).hasSize(1);
        assertThat(payload.get("payinRefunds").get(0).get("id").asText()).isEqualTo("ref_1");
    }

    @Test
    void fieldsComeInSeed004Order() throws Exception {
        ChargeSnapshot charge = ChargeSnapshot.empty(meta(1, CREATED));
        charge.apply(created(), meta(1, CREATED));

        List<String> names = new java.util.ArrayList<>();
        JSON.readTree(JSON.writeValueAsString(ChargePayload.of(charge, EventType.CHARGE_CREATED))).fieldNames()
                .forEachRemaining(names::add);

        assertThat(names).startsWith("id", "key", "buyerName", "buyerDocument", "buyerEmail", "customNumber",
                "ourNumber", "status", "typePayin", "amountCents", "paidAmountCents", "paidAt", "expiresAt",
                "createdAt", "statusHistory", "refundMode", "refundAmountCents", "payinRefunds", "payin_substatus");
    }

    @Test
    void aChargebackIsNamedAsTheChargesGetNamesItFromOpenedToLostOrWon() throws Exception {
        for (ChargebackResolution resolution : List.of(ChargebackResolution.IN_FAVOR_OF_CLIENT,
                ChargebackResolution.IN_FAVOR_OF_MERCHANT)) {
            ChargeSnapshot charge = ChargeSnapshot.empty(meta(1, CREATED));
            charge.apply(created(), meta(1, CREATED));
            Instant late = Instant.parse("2025-01-03T10:00:00Z");
            charge.apply(ChargePaid.newBuilder().setMeta(meta(2, late)).setAmountCents(8652).setPaidAmountCents(8652)
                    .setPaidAt(late).setLate(true).build(), meta(2, late));
            charge.apply(ChargeChargebackInitiated.newBuilder().setMeta(meta(3, late)).setChargebackId("cbk_1")
                    .setAmountCents(8652).setCurrency("BRL").setReasonCode("fraud").build(), meta(3, late));
            assertThat(payload(charge, EventType.CHARGE_CHARGEBACK_INITIATED).get("payin_substatus").asText())
                    .as("a dispute says more than a late payment").isEqualTo("chargeback_open");
            charge.apply(ChargeChargebackResolved.newBuilder().setMeta(meta(4, late)).setChargebackId("cbk_1")
                    .setResolution(resolution).build(), meta(4, late));
            JsonNode payload = payload(charge, EventType.CHARGE_CHARGEBACK_RESOLVED);
            assertThat(payload.get("payin_substatus").asText()).isEqualTo(
                    resolution == ChargebackResolution.IN_FAVOR_OF_CLIENT ? "chargeback_lost" : "chargeback_won");
            assertThat(payload.get("status").get("name").asText()).as("a chargeback keeps the status").isEqualTo("Paid");
        }
        // a resolution this reader does not know claims neither side
        ChargeSnapshot unknown = ChargeSnapshot.empty(meta(1, CREATED));
        unknown.apply(ChargeChargebackInitiated.newBuilder().setMeta(meta(3, PAID)).setChargebackId("cbk_2")
                .setAmountCents(1).setCurrency("BRL").setReasonCode("fraud").build(), meta(3, PAID));
        unknown.apply(ChargeChargebackResolved.newBuilder().setMeta(meta(4, PAID)).setChargebackId("cbk_2")
                .setResolution(ChargebackResolution.UNKNOWN).build(), meta(4, PAID));
        assertThat(unknown.substatus()).isEqualTo("chargeback_open");
    }

    @Test
    void aDeclinedChargeSaysWhyInRejectReasonAndHasNoSubstatus() throws Exception {
        ChargeSnapshot charge = ChargeSnapshot.empty(meta(1, CREATED));
        charge.apply(created(), meta(1, CREATED));
        charge.apply(ChargeRejected.newBuilder().setMeta(meta(2, PAID)).setReasonCode("insufficient_funds").build(),
                meta(2, PAID));
        JsonNode payload = payload(charge, EventType.CHARGE_REJECTED);
        assertThat(payload.get("status").get("name").asText()).isEqualTo("Rejected");
        assertThat(payload.get("rejectReason").asText()).isEqualTo("insufficient_funds");
        assertThat(payload.get("payin_substatus").isNull()).isTrue();
    }

    @Test
    void keyOurNumberAndRefundModeAreTheChargesOwn() throws Exception {
        ChargeSnapshot charge = ChargeSnapshot.empty(meta(1, CREATED));
        ChargeCreated created = created();
        created.setPaymentKey("e1ebf9d914174902a76a5af436f091d0");
        created.setOurNumber(17530L);
        charge.apply(created, meta(1, CREATED));
        charge.apply(ChargePaid.newBuilder().setMeta(meta(2, PAID)).setAmountCents(8652).setPaidAmountCents(8652)
                .setPaidAt(PAID).build(), meta(2, PAID));
        assertThat(payload(charge, EventType.CHARGE_PAID).get("refundMode").isNull()).isTrue();
        charge.apply(ChargeRefunded.newBuilder().setMeta(meta(3, PAID)).setRefundId("ref_1").setAmountCents(1000)
                .setRefundedTotalCents(1000).setFullyRefunded(false).build(), meta(3, PAID));
        JsonNode partial = payload(charge, EventType.CHARGE_REFUNDED);
        assertThat(partial.get("key").asText()).isEqualTo("e1ebf9d914174902a76a5af436f091d0");
        assertThat(partial.get("ourNumber").asLong()).isEqualTo(17530);
        assertThat(partial.get("refundMode").asText()).isEqualTo("PARTIAL_REFUND_CLIENT");
        charge.apply(ChargeRefunded.newBuilder().setMeta(meta(4, PAID)).setRefundId("ref_2").setAmountCents(7652)
                .setRefundedTotalCents(8652).setFullyRefunded(true).build(), meta(4, PAID));
        assertThat(payload(charge, EventType.CHARGE_REFUNDED).get("refundMode").asText()).isEqualTo("FULL_REFUND_CLIENT");
    }

    private static JsonNode payload(ChargeSnapshot charge, EventType type) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(ChargePayload.of(charge, type)));
    }

    private static ChargeCreated created() {
        return ChargeCreated.newBuilder().setMeta(meta(1, CREATED)).setMethod(PaymentMethod.CARD).setAmountCents(8652)
                .setCurrency("BRL").setCustomNumber("YOUR-CODE1234")
                .setExpiresAt(Instant.parse("2024-12-31T23:59:59Z"))
                .setBuyer(Party.newBuilder().setName("Maria da Silva").setDocument("34960826312")
                        .setEmail("buyer-email@wepayments.com.br").build())
                .setFeePayer(FeePayer.PAYEE_FROM_APP).build();
    }

    private static EventMetadata meta(long version, Instant at) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setMerchantId("cmp_1")
                .setEnvironment(dev.troco.events.common.Environment.SANDBOX).setAggregateType("charge")
                .setAggregateId("chg_1").setAggregateVersion(version).build();
    }
}
