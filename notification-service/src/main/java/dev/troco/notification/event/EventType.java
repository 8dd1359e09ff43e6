package dev.troco.notification.event;

import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargeChargebackInitiated;
import dev.troco.events.charge.ChargeChargebackResolved;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargeExpired;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargeRefunded;
import dev.troco.events.charge.ChargeRejected;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The event types merchants see (events API, endpoint subscriptions), each the public name of a
 * contract event. Names are never renamed or reused.
 */
public enum EventType {
    CHARGE_CREATED("charge.created", ChargeCreated.class),
    CHARGE_PAID("charge.paid", ChargePaid.class),
    CHARGE_REJECTED("charge.rejected", ChargeRejected.class),
    CHARGE_CANCELED("charge.canceled", ChargeCanceled.class),
    CHARGE_EXPIRED("charge.expired", ChargeExpired.class),
    CHARGE_REFUNDED("charge.refunded", ChargeRefunded.class),
    CHARGE_CHARGEBACK_INITIATED("charge.chargeback_initiated", ChargeChargebackInitiated.class),
    CHARGE_CHARGEBACK_RESOLVED("charge.chargeback_resolved", ChargeChargebackResolved.class);

    private final String publicName;
    private final Class<? extends SpecificRecord> contractType;

    EventType(String publicName, Class<? extends SpecificRecord> contractType) {
        this.publicName = publicName;
        this.contractType = contractType;
    }

    public String publicName() {
        return publicName;
    }

    public static Optional<EventType> ofContract(Class<?> type) {
        return Arrays.stream(values()).filter(t -> t.contractType.equals(type)).findFirst();
    }

    public static Optional<EventType> ofPublicName(String name) {
        return Arrays.stream(values()).filter(t -> t.publicName.equals(name)).findFirst();
    }
}
