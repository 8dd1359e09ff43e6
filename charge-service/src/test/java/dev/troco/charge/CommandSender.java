package dev.troco.charge;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.charge.RefundCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.charge.SimulatedOutcome;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.common.FeePayer;
import dev.troco.events.common.Party;
import dev.troco.events.common.PaymentMethod;
import dev.troco.kit.id.Ids;
import dev.troco.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes charge commands the way the gateway does: Avro single-object encoded, keyed by charge id. */
final class CommandSender implements AutoCloseable {

    static final String MERCHANT = "cmp_" + UUID.randomUUID().toString().substring(0, 8);

    private final MessageCodec codec = MessageCodec.standard();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.shared().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));

    static CreateCharge create(String chargeId, long amountCents) {
        return CreateCharge.newBuilder()
                .setMeta(commandMeta(chargeId))
                .setMethod(PaymentMethod.PIX)
                .setAmountCents(amountCents)
                .setCurrency("BRL")
                .setCustomNumber("ORDER-" + amountCents)
                .setBuyer(Party.newBuilder().setName("Maria da Silva").setDocument("34960826312").build())
                .setFeePayer(FeePayer.PAYEE_FROM_APP)
                .build();
    }

    static CancelCharge cancel(String chargeId) {
        return CancelCharge.newBuilder().setMeta(commandMeta(chargeId)).setReason("customer gave up").build();
    }

    static SimulateChargeOutcome simulate(String chargeId, SimulatedOutcome outcome, Long paidAmountCents) {
        return SimulateChargeOutcome.newBuilder().setMeta(commandMeta(chargeId)).setOutcome(outcome)
                .setPaidAmountCents(paidAmountCents).setReasonCode(outcome == SimulatedOutcome.REJECTED
                        ? "insufficient_funds" : null).build();
    }

    static RefundCharge refund(String chargeId, String refundId, Long amountCents) {
        return RefundCharge.newBuilder().setMeta(commandMeta(chargeId)).setRefundId(refundId)
                .setAmountCents(amountCents).build();
    }

    static CommandMetadata commandMeta(String chargeId) {
        return CommandMetadata.newBuilder()
                .setCommandId(Ids.uuid7())
                .setIssuedAt(Instant.now())
                .setMerchantId(MERCHANT)
                .setEnvironment(Environment.SANDBOX)
                .setAggregateId(chargeId)
                .build();
    }

    static String messageId(SpecificRecordBase command) {
        return ((CommandMetadata) command.get("meta")).getCommandId().toString();
    }

    void send(SpecificRecordBase command) {
        CommandMetadata meta = (CommandMetadata) command.get("meta");
        sendRaw(meta.getAggregateId(), messageId(command), codec.encode(command));
    }

    void sendRaw(String key, String messageId, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        if (messageId != null) {
            headers.add(MessageHeaders.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(new ProducerRecord<>(Topics.CHARGE_COMMANDS, null, key, value, headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a test command", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
