package dev.troco.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.common.Environment;
import dev.troco.events.common.EventMetadata;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private final MessageCodec codec = MessageCodec.standard();

    @Test
    void paidEventRoundTripsWithItsFingerprintInTheHeader() {
        ChargePaid paid = chargePaid();
        byte[] bytes = codec.encode(paid);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(bytes)).isEqualTo(paid);
        assertThat(codec.decode(bytes, ChargePaid.class).getPaidAmountCents()).isEqualTo(8652L);
    }

    @Test
    void olderWriterVersionIsReadWithDefaultsOnceKnown() throws Exception {
        Schema older = SchemaCompatibilityTest.load("ChargePaid-older-without-currency.avsc");
        GenericRecord meta = new GenericData.Record(older.getField("meta").schema());
        EventMetadata m = chargePaid().getMeta();
        for (Schema.Field f : meta.getSchema().getFields()) {
            Object value = m.get(f.name());
            if (value instanceof Instant instant) {
                value = ChronoUnit.MICROS.between(Instant.EPOCH, instant);
            } else if (value instanceof Environment env) {
                value = new GenericData.EnumSymbol(f.schema(), env.name());
            } else if (value instanceof UUID uuid) {
                value = uuid.toString();
            }
            meta.put(f.name(), value);
        }
        GenericRecord record = new GenericData.Record(older);
        record.put("meta", meta);
        record.put("amountCents", 500L);
        record.put("paidAmountCents", 500L);
        record.put("paidAt", 1_700_000_000_000_000L);
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining("unknown writer schema");

        MessageCodec knowing = MessageCodec.standard().register(ChargePaid.class, List.of(older));
        ChargePaid decoded = knowing.decode(bytes, ChargePaid.class);
        assertThat(decoded.getCurrency()).isEqualTo("BRL");
        assertThat(decoded.getPaidAmountCents()).isEqualTo(500L);
    }

    @Test
    void aChargeCreatedWrittenWithTheReleasedV1SchemaIsReadWithTheNewFieldsEmpty() throws Exception {
        Schema v1 = MessageCatalog.releasedSchemas(ChargeCreated.class).get(0);
        ChargeCreated created = ChargeCreated.newBuilder()
                .setMeta(chargePaid().getMeta())
                .setMethod(dev.troco.events.common.PaymentMethod.PIX)
                .setAmountCents(10_000)
                .setOurNumber(10_001L)
                .build();
        // an older producer: same record, written with the v1 schema (and its fingerprint)
        ByteBuffer buffer = new BinaryMessageEncoder<ChargeCreated>(
                org.apache.avro.specific.SpecificData.getForClass(ChargeCreated.class), v1).encode(created);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        ChargeCreated decoded = codec.decode(bytes, ChargeCreated.class);
        assertThat(decoded.getAmountCents()).isEqualTo(10_000);
        assertThat(decoded.getOurNumber()).isNull();
        assertThat(decoded.getPixCopyPaste()).isNull();
    }

    @Test
    void garbageAndTruncatedBytesAreUndecodable() {
        assertThatThrownBy(() -> codec.decode("{\"json\":true}".getBytes()))
                .isInstanceOf(UndecodableMessageException.class);
        byte[] bytes = codec.encode(chargePaid());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(UndecodableMessageException.class);
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(UndecodableMessageException.class);
    }

    @Test
    void decodingAsTheWrongTypeIsRefused() {
        byte[] bytes = codec.encode(chargePaid());
        assertThatThrownBy(() -> codec.decode(bytes, dev.troco.events.charge.ChargeCreated.class))
                .isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining("expected");
    }

    static ChargePaid chargePaid() {
        return ChargePaid.newBuilder()
                .setMeta(EventMetadata.newBuilder()
                        .setEventId(UUID.fromString("0193a8c2-7a51-7cc3-9f7e-5c3b9d1e2f40"))
                        .setOccurredAt(Instant.parse("2026-11-22T10:15:30.123456Z"))
                        .setMerchantId("cmp_test")
                        .setEnvironment(Environment.SANDBOX)
                        .setAggregateType("charge")
                        .setAggregateId("chg_test")
                        .setAggregateVersion(2)
                        .build())
                .setAmountCents(8652)
                .setPaidAmountCents(8652)
                .setPaidAt(Instant.parse("2026-11-22T10:15:30Z"))
                .build();
    }
}
