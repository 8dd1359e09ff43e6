package dev.troco.gateway;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.common.EventMetadata;
import dev.troco.kit.id.Ids;
import dev.troco.testing.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stands in for the charge-service in the gateway's own tests, over the real broker: it reads
 * every CreateCharge the gateway publishes (and keeps them, so tests can count them) and answers
 * with ChargeCreated unless paused. The real charge-service is tested in its own module.
 */
final class FakeChargeService implements AutoCloseable {

    private final MessageCodec codec = MessageCodec.standard();
    private final List<CreateCharge> received = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean paused;

    FakeChargeService() {
        String bootstrap = EmbeddedKafka.shared().bootstrapServers();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "fake-charge-service-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        consumer.subscribe(List.of(Topics.CHARGE_COMMANDS));
        thread = new Thread(this::run, "fake-charge-service");
        thread.setDaemon(true);
        thread.start();
    }

    /** While paused, commands are recorded but not answered (the gateway then answers 202). */
    void pause(boolean pause) {
        paused = pause;
    }

    List<CreateCharge> commandsFor(String chargeId) {
        return received.stream().filter(c -> c.getMeta().getAggregateId().equals(chargeId)).toList();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (codec.decode(record.value()) instanceof CreateCharge create) {
                        received.add(create);
                        if (!paused) {
                            answer(create);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void answer(CreateCharge create) {
        ChargeCreated created = ChargeCreated.newBuilder()
                .setMeta(EventMetadata.newBuilder()
                        .setEventId(Ids.uuid7())
                        .setOccurredAt(Instant.now())
                        .setMerchantId(create.getMeta().getMerchantId())
                        .setEnvironment(create.getMeta().getEnvironment())
                        .setAggregateType("charge")
                        .setAggregateId(create.getMeta().getAggregateId())
                        .setAggregateVersion(1)
                        .build())
                .setMethod(create.getMethod())
                .setAmountCents(create.getAmountCents())
                .setCurrency(create.getCurrency())
                .setCustomNumber(create.getCustomNumber())
                .setCallbackUrl(create.getCallbackUrl())
                .setExpiresAt(create.getExpiresAt())
                .setBuyer(create.getBuyer())
                .setAppFeeCents(create.getAppFeeCents())
                .setFeePayer(create.getFeePayer())
                .build();
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_ID, created.getMeta().getEventId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(MessageHeaders.MESSAGE_TYPE, ChargeCreated.class.getName().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.CHARGE_EVENTS, null, create.getMeta().getAggregateId(),
                codec.encode(created), headers));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        producer.close();
    }
}
