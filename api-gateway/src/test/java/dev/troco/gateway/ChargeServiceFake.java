package dev.troco.gateway;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.common.EventMetadata;
import dev.troco.kit.id.Ids;
import dev.troco.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecordBase;
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
 * What every stand-in for the charge-service in the gateway's tests shares, over the real broker:
 * it reads the charge commands the gateway publishes (in its own consumer group, from the start),
 * keeps them so that tests can inspect them, hands each to {@link #handle}, and publishes events
 * the way the real service's outbox relay does. The real charge-service is tested in its module.
 */
abstract class ChargeServiceFake implements AutoCloseable {

    private final MessageCodec codec = MessageCodec.standard();
    private final List<SpecificRecordBase> received = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean running = true;

    ChargeServiceFake(String name) {
        String bootstrap = TestKafka.shared().bootstrapServers();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, name + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        consumer.subscribe(List.of(Topics.CHARGE_COMMANDS));
        Thread thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Applies one command the gateway sent; it is already kept in {@link #received()}. */
    abstract void handle(SpecificRecordBase command);

    /** Every command received, in order. */
    List<SpecificRecordBase> received() {
        return received;
    }

    /** The commands received for this charge, in order. */
    List<SpecificRecordBase> commandsFor(String chargeId) {
        return received.stream().filter(c -> ((CommandMetadata) c.get("meta")).getAggregateId().equals(chargeId))
                .toList();
    }

    /** An event's metadata for a charge, as the charge-service writes it. */
    static EventMetadata meta(String merchantId, Environment environment, String chargeId, long version) {
        return EventMetadata.newBuilder().setEventId(Ids.uuid7()).setOccurredAt(Instant.now())
                .setMerchantId(merchantId).setEnvironment(environment).setAggregateType("charge")
                .setAggregateId(chargeId).setAggregateVersion(version).build();
    }

    /** Publishes a charge event keyed by its charge, with the headers the outbox relay sets. */
    void publish(SpecificRecordBase event) {
        EventMetadata meta = (EventMetadata) event.get("meta");
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_ID, meta.getEventId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(MessageHeaders.MESSAGE_TYPE, event.getClass().getName().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.CHARGE_EVENTS, null, meta.getAggregateId(), codec.encode(event),
                headers));
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (codec.decode(record.value()) instanceof SpecificRecordBase command) {
                        received.add(command);
                        handle(command);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        producer.close();
    }
}
