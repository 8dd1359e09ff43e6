package dev.troco.events;

import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargeChargebackInitiated;
import dev.troco.events.charge.ChargeChargebackResolved;
import dev.troco.events.charge.ChargeCommandRefused;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargeExpired;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargeRefunded;
import dev.troco.events.charge.ChargeRejected;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.charge.RefundCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.events.notification.SendInvitation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every message type of the contract, with the schema versions released so far.
 *
 * <p>A released version is a frozen copy of the writer schema, kept at
 * {@code /dev/troco/events/released/<full name>/v<n>.avsc}. Decoders know every released version,
 * so a consumer reads what older producers wrote; {@code SchemaCompatibilityTest} fails the build
 * when the current schema cannot read a released one or be read by it.
 */
public final class MessageCatalog {

    /** Released versions are looked for from v1 up to this bound. */
    private static final int RELEASED_VERSIONS_MAX = 64;

    private static final List<Class<? extends SpecificRecord>> TYPES = List.of(
            CreateCharge.class,
            CancelCharge.class,
            RefundCharge.class,
            SimulateChargeOutcome.class,
            ChargeCreated.class,
            ChargePaid.class,
            ChargeRejected.class,
            ChargeCanceled.class,
            ChargeExpired.class,
            ChargeRefunded.class,
            ChargeChargebackInitiated.class,
            ChargeChargebackResolved.class,
            ActivateIpnSecret.class,
            ChargeCommandRefused.class,
            SendInvitation.class);

    private MessageCatalog() {
    }

    public static List<Class<? extends SpecificRecord>> types() {
        return TYPES;
    }

    /** The schema this build writes for a type. */
    public static Schema currentSchema(Class<? extends SpecificRecord> type) {
        try {
            return (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("not a generated Avro class: " + type.getName(), e);
        }
    }

    /** Released versions of a type, oldest first (may be empty for a type never released). */
    public static List<Schema> releasedSchemas(Class<? extends SpecificRecord> type) {
        String fullName = currentSchema(type).getFullName();
        List<Schema> released = new ArrayList<>();
        for (int version = 1; version <= RELEASED_VERSIONS_MAX; version++) {
            String resource = "/dev/troco/events/released/" + fullName + "/v" + version + ".avsc";
            try (InputStream in = MessageCatalog.class.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                released.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return released;
    }
}
