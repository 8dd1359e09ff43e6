package dev.troco.notification;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.common.EventMetadata;
import dev.troco.events.common.FeePayer;
import dev.troco.events.common.Party;
import dev.troco.events.common.PaymentMethod;
import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.kit.id.Ids;
import dev.troco.testing.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes charge events the way charge-service's outbox relay does: encoded, keyed by charge id, with id and type headers. */
final class EventSender implements AutoCloseable {

    private final MessageCodec codec = MessageCodec.standard();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.shared().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));

    static EventMetadata meta(String companyId, Environment environment, String chargeId, long version) {
        return EventMetadata.newBuilder()
                .setEventId(Ids.uuid7())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setMerchantId(companyId)
                .setEnvironment(environment)
                .setAggregateType("charge")
                .setAggregateId(chargeId)
                .setAggregateVersion(version)
                .build();
    }

    /** A card charge like seed 004's example. */
    static ChargeCreated created(String companyId, String chargeId, String callbackUrl) {
        return ChargeCreated.newBuilder()
                .setMeta(meta(companyId, Environment.SANDBOX, chargeId, 1))
                .setMethod(PaymentMethod.CARD)
                .setAmountCents(8652)
                .setCurrency("BRL")
                .setCustomNumber("YOUR-CODE1234")
                .setCallbackUrl(callbackUrl)
                .setExpiresAt(Instant.parse("2030-12-31T23:59:59Z"))
                .setBuyer(Party.newBuilder().setName("Maria da Silva").setDocument("34960826312")
                        .setEmail("buyer-email@wepayments.com.br").build())
                .setFeePayer(FeePayer.PAYEE_FROM_APP)
                .build();
    }

    static ChargePaid paid(String companyId, String chargeId) {
        return ChargePaid.newBuilder()
                .setMeta(meta(companyId, Environment.SANDBOX, chargeId, 2))
                .setAmountCents(8652)
                .setPaidAmountCents(8652)
                .setCurrency("BRL")
                .setPaidAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .build();
    }

    /** The public id of an event, which is also the webhook-id of its deliveries. */
    static String publicId(SpecificRecordBase event) {
        return Ids.format("evt", ((EventMetadata) event.get("meta")).getEventId());
    }

    void send(SpecificRecordBase event) {
        EventMetadata meta = (EventMetadata) event.get("meta");
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_ID, meta.getEventId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(MessageHeaders.MESSAGE_TYPE, event.getSchema().getFullName().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(Topics.CHARGE_EVENTS, null, meta.getAggregateId(), codec.encode(event),
                    headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a test event", e);
        }
    }

    /** Publishes a command to {@code troco.notification.commands} the way the gateway's outbox relay does. */
    void sendCommand(SpecificRecordBase command) {
        CommandMetadata meta = (CommandMetadata) command.get("meta");
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_ID, meta.getCommandId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(MessageHeaders.MESSAGE_TYPE, command.getSchema().getFullName().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(Topics.NOTIFICATION_COMMANDS, null, meta.getAggregateId(),
                    codec.encode(command), headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a test command", e);
        }
    }

    /** The gateway's command that activates a checkout credential's IPN secret (a new command id each call). */
    static ActivateIpnSecret activation(String companyId, String credentialId) {
        return ActivateIpnSecret.newBuilder()
                .setMeta(CommandMetadata.newBuilder()
                        .setCommandId(Ids.uuid7())
                        .setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .setMerchantId(companyId)
                        .setEnvironment(Environment.SANDBOX)
                        .setAggregateId(credentialId)
                        .build())
                .setCredentialId(credentialId)
                .build();
    }

    @Override
    public void close() {
        producer.close();
    }
}
