package dev.troco.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding for every message of the contract: two marker bytes, the writer
 * schema's CRC-64-AVRO fingerprint, then the binary body. The fingerprint names the writer schema,
 * so a consumer decodes any version it knows (current or released) without a registry server, and
 * refuses what it does not know with {@link UndecodableMessageException}.
 *
 * <p>Thread-safe; build one per process with {@link #standard()}.
 */
public final class MessageCodec {

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;

    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new HashMap<>();
    private final Map<Long, BinaryMessageDecoder<SpecificRecord>> decodersByFingerprint = new HashMap<>();
    private final Map<Class<?>, BinaryMessageDecoder<SpecificRecord>> decodersByType = new HashMap<>();

    /**
     * Resolves generated classes through the loader that loaded this codec (and Avro with it), not
     * the thread's: under Quarkus' class loaders the two can differ, and a record class from the
     * wrong loader cannot be cast to Avro's interfaces.
     */
    private final SpecificData model = new SpecificData(MessageCodec.class.getClassLoader());

    private MessageCodec() {
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    }

    /** A codec for every type of {@link MessageCatalog}, reading every released version. */
    public static MessageCodec standard() {
        MessageCodec codec = new MessageCodec();
        for (var type : MessageCatalog.types()) {
            codec.register(type, MessageCatalog.releasedSchemas(type));
        }
        return codec;
    }

    /**
     * Registers a type and extra writer schemas it can be decoded from (older versions).
     * Meant for set-up only; do not call once the codec is shared.
     */
    public MessageCodec register(Class<? extends SpecificRecord> type, List<Schema> olderWriterSchemas) {
        Schema current = MessageCatalog.currentSchema(type);
        encoders.put(type, new BinaryMessageEncoder<>(model, current));
        BinaryMessageDecoder<SpecificRecord> decoder = decodersByType.computeIfAbsent(type,
                t -> new BinaryMessageDecoder<>(model, current));
        decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(current), decoder);
        for (Schema writer : olderWriterSchemas) {
            decoder.addSchema(writer);
            decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(writer), decoder);
        }
        return this;
    }

    public byte[] encode(SpecificRecord message) {
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.get(message.getClass());
        if (encoder == null) {
            throw new IllegalArgumentException("not a registered message type: " + message.getClass().getName());
        }
        try {
            ByteBuffer buffer = encoder.encode(message);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getName(), e);
        }
    }

    public SpecificRecord decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new UndecodableMessageException("not an Avro single-object encoded message");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        BinaryMessageDecoder<SpecificRecord> decoder = decodersByFingerprint.get(fingerprint);
        if (decoder == null) {
            throw new UndecodableMessageException(
                    "unknown writer schema, fingerprint " + Long.toHexString(fingerprint)
                            + " (written by a newer producer, or not a Troco message)");
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException | BadHeaderException e) {
            throw new UndecodableMessageException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableMessageException("corrupt message body: " + e, e);
        }
    }

    /** Decodes and checks the type, for a consumer that expects one kind of message. */
    public <T extends SpecificRecord> T decode(byte[] bytes, Class<T> expected) {
        SpecificRecord record = decode(bytes);
        if (!expected.isInstance(record)) {
            throw new UndecodableMessageException(
                    "expected " + expected.getName() + " but got " + record.getClass().getName());
        }
        return expected.cast(record);
    }
}
