package dev.troco.gateway;

import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.CreateCharge;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Stands in for the charge-service in the merchant API tests: it keeps every command the gateway
 * publishes (so tests can count them) and answers a CreateCharge with ChargeCreated unless paused.
 */
final class FakeChargeService extends ChargeServiceFake {

    private volatile boolean paused;

    FakeChargeService() {
        super("fake-charge-service");
    }

    /** While paused, commands are recorded but not answered (the gateway then answers 202). */
    void pause(boolean pause) {
        paused = pause;
    }

    @Override
    void handle(SpecificRecordBase command) {
        if (!(command instanceof CreateCharge create) || paused) {
            return;
        }
        publish(ChargeCreated.newBuilder()
                .setMeta(meta(create.getMeta().getMerchantId(), create.getMeta().getEnvironment(),
                        create.getMeta().getAggregateId(), 1))
                .setMethod(create.getMethod())
                .setAmountCents(create.getAmountCents())
                .setCurrency(create.getCurrency())
                .setCustomNumber(create.getCustomNumber())
                .setCallbackUrl(create.getCallbackUrl())
                .setExpiresAt(create.getExpiresAt())
                .setBuyer(create.getBuyer())
                .setAppFeeCents(create.getAppFeeCents())
                .setFeePayer(create.getFeePayer())
                .build());
    }
}
