package dev.troco.gateway;

import dev.troco.events.MessageCodec;
import dev.troco.events.MessageHeaders;
import dev.troco.events.Topics;
import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargeRejected;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.charge.SimulatedOutcome;
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
 * The charge-service as the hosted checkout's gateway test needs it, over the real broker: it
 * applies the CreateCharge and SimulateChargeOutcome commands the gateway publishes to a charge
 * kept in {@link CheckoutBackendsStub} (which the gateway reads over HTTP) and answers with the
 * event, as the real one does (tested in its own module). A PIX checkout charge gets a PIX code and a
 * boleto line, as the real PaymentTerms gives it.
 */
final class CheckoutChargeService implements AutoCloseable {

    static final String BOLETO_LINE = "34191790010104351004791020150008291070026000";
    private final MessageCodec codec = MessageCodec.standard();
    private final List<SpecificRecordBase> received = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    CheckoutChargeService() {
        String bootstrap = EmbeddedKafka.shared().bootstrapServers();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "checkout-charge-service-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        consumer.subscribe(List.of(Topics.CHARGE_COMMANDS));
        thread = new Thread(this::run, "checkout-charge-service");
        thread.setDaemon(true);
        thread.start();
    }

    /** Commands received for this charge, in order. */
    List<SpecificRecordBase> commandsFor(String chargeId) {
        return received.stream().filter(c -> ((dev.troco.events.common.CommandMetadata) c.get("meta"))
                .getAggregateId().equals(chargeId)).toList();
    }

    List<CreateCharge> createsWithIdentifier(String identifier) {
        return received.stream().filter(CreateCharge.class::isInstance).map(CreateCharge.class::cast)
                .filter(c -> c.getCheckout() != null && c.getCheckout().getIdentifier().equals(identifier)).toList();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Object command = codec.decode(record.value());
                    if (command instanceof CreateCharge create) {
                        received.add(create);
                        create(create);
                    } else if (command instanceof SimulateChargeOutcome simulate) {
                        received.add(simulate);
                        simulate(simulate);
                    } else if (command instanceof CancelCharge cancel) {
                        received.add(cancel);
                        cancel(cancel);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void create(CreateCharge create) {
        String id = create.getMeta().getAggregateId();
        boolean pix = create.getMethod() == dev.troco.events.common.PaymentMethod.PIX;
        store(create.getMeta().getMerchantId(), create.getMeta().getEnvironment().name(), id, "Created", 1,
                create.getAmountCents(), pix ? "00020101021226stubpix" + id : null, pix ? BOLETO_LINE + "123" : null);
        publish(ChargeCreated.newBuilder()
                .setMeta(meta(create.getMeta().getMerchantId(), create.getMeta().getEnvironment(), id, 1))
                .setMethod(create.getMethod())
                .setAmountCents(create.getAmountCents())
                .setCurrency(create.getCurrency())
                .setExpiresAt(create.getExpiresAt())
                .setBuyer(create.getBuyer())
                .setFeePayer(create.getFeePayer())
                .setCheckout(create.getCheckout())
                .build());
    }

    private void simulate(SimulateChargeOutcome simulate) {
        String id = simulate.getMeta().getAggregateId();
        CheckoutBackendsStub.Owned charge = CheckoutBackendsStub.CHARGES.get(id);
        if (charge == null || !charge.json().contains("\"name\":\"Created\"")) {
            return; // the real service ignores a transition that is not allowed
        }
        long amount = Long.parseLong(charge.json().replaceAll(".*\"amountCents\":(\\d+).*", "$1"));
        String pix = charge.json().contains("\"pixCopyPaste\":null") ? null : "00020101021226stubpix" + id;
        EventMetadata meta = meta(charge.merchantId(), simulate.getMeta().getEnvironment(), id, 2);
        if (simulate.getOutcome() == SimulatedOutcome.PAID) {
            store(charge.merchantId(), charge.environment(), id, "Paid", 2, amount, pix, null);
            publish(ChargePaid.newBuilder().setMeta(meta).setAmountCents(amount).setPaidAmountCents(amount)
                    .setPaidAt(Instant.now()).build());
        } else if (simulate.getOutcome() == SimulatedOutcome.REJECTED) {
            store(charge.merchantId(), charge.environment(), id, "Rejected", 2, amount, pix, null);
            publish(ChargeRejected.newBuilder().setMeta(meta).setReasonCode(simulate.getReasonCode()).build());
        }
    }

    private void cancel(CancelCharge cancel) {
        String id = cancel.getMeta().getAggregateId();
        CheckoutBackendsStub.Owned charge = CheckoutBackendsStub.CHARGES.get(id);
        if (charge == null || !charge.json().contains("\"name\":\"Created\"")) {
            return;
        }
        long amount = Long.parseLong(charge.json().replaceAll(".*\"amountCents\":(\\d+).*", "$1"));
        store(charge.merchantId(), charge.environment(), id, "Canceled", 2, amount, null, null);
        publish(ChargeCanceled.newBuilder().setMeta(meta(charge.merchantId(), cancel.getMeta().getEnvironment(), id, 2))
                .setReason(cancel.getReason()).build());
    }

    private static void store(String merchantId, String environment, String id, String status, long version,
            long amountCents, String pix, String boletoLine) {
        String json = "{\"id\":\"" + id + "\",\"status\":{\"id\":0,\"name\":\"" + status + "\"},\"amountCents\":"
                + amountCents + ",\"paidAmountCents\":0,\"refundAmountCents\":0,\"version\":" + version
                + ",\"pixCopyPaste\":" + (pix == null ? "null" : "\"" + pix + "\"")
                + (boletoLine == null ? "" : ",\"boleto\":{\"digitableLine\":\"" + boletoLine + "\"}") + "}";
        CheckoutBackendsStub.CHARGES.put(id, new CheckoutBackendsStub.Owned(merchantId, environment, json));
    }

    private static EventMetadata meta(String merchantId, dev.troco.events.common.Environment environment, String id,
            long version) {
        return EventMetadata.newBuilder().setEventId(Ids.uuid7()).setOccurredAt(Instant.now())
                .setMerchantId(merchantId).setEnvironment(environment).setAggregateType("charge")
                .setAggregateId(id).setAggregateVersion(version).build();
    }

    private void publish(SpecificRecordBase event) {
        EventMetadata meta = (EventMetadata) event.get("meta");
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageHeaders.MESSAGE_ID, meta.getEventId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(MessageHeaders.MESSAGE_TYPE, event.getClass().getName().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.CHARGE_EVENTS, null, meta.getAggregateId(), codec.encode(event),
                headers));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        producer.close();
    }
}
