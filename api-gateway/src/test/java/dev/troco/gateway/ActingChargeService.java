package dev.troco.gateway;

import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.charge.SimulatedOutcome;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.EventMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The charge-service as the gateway's cancel and simulate tests need it, over the real broker: for the charges a
 * test hands it, a CancelCharge becomes Canceled and a simulated PAID becomes Paid (the stub's read changes first,
 * then the event, as the real service's transaction and outbox order them). Commands for other charges are kept
 * and never answered. Which transitions the real service allows is tested in the charge-service's own module.
 */
final class ActingChargeService extends ChargeServiceFake {

    /** A charge the stand-in answers for: its amount, and the version its read has now. */
    private record Answered(long amountCents, long version) {
    }

    private final Map<String, Answered> answered = new ConcurrentHashMap<>();

    ActingChargeService() {
        super("acting-charge-service");
    }

    /** Registers a Created charge of the company in the stub's read, answered from now on. */
    void createdCharge(String chargeId, String companyId, long amountCents) {
        answered.put(chargeId, new Answered(amountCents, 1));
        ChargeServiceStub.register(chargeId, companyId, "SANDBOX", json(chargeId, 1, "Created", amountCents, null, 1));
    }

    @Override
    void handle(SpecificRecordBase command) {
        CommandMetadata cause = (CommandMetadata) command.get("meta");
        Answered charge = answered.get(cause.getAggregateId());
        if (charge == null) {
            return;
        }
        long version = charge.version() + 1;
        EventMetadata meta = meta(cause.getMerchantId(), cause.getEnvironment(), cause.getAggregateId(), version);
        meta.setCausationId(cause.getCommandId().toString());
        String id = cause.getAggregateId();
        if (command instanceof CancelCharge) {
            ChargeServiceStub.register(id, cause.getMerchantId(), "SANDBOX",
                    json(id, 4, "Canceled", charge.amountCents(), null, version));
            answered.put(id, new Answered(charge.amountCents(), version));
            publish(ChargeCanceled.newBuilder().setMeta(meta).build());
        } else if (command instanceof SimulateChargeOutcome simulate && simulate.getOutcome() == SimulatedOutcome.PAID) {
            long paid = simulate.getPaidAmountCents() == null ? charge.amountCents() : simulate.getPaidAmountCents();
            ChargeServiceStub.register(id, cause.getMerchantId(), "SANDBOX",
                    json(id, 2, "Paid", charge.amountCents(), paid, version));
            answered.put(id, new Answered(charge.amountCents(), version));
            publish(ChargePaid.newBuilder().setMeta(meta).setAmountCents(charge.amountCents()).setPaidAmountCents(paid)
                    .setPaidAt(Instant.now()).build());
        }
    }

    private static String json(String id, int statusId, String status, long amountCents, Long paidCents, long version) {
        return "{\"id\":\"" + id + "\",\"status\":{\"id\":" + statusId + ",\"name\":\"" + status + "\"},"
                + "\"typePayin\":\"pix\",\"amountCents\":" + amountCents + ",\"currency\":\"BRL\","
                + (paidCents == null ? "" : "\"paidAmountCents\":" + paidCents + ",")
                + "\"pixCopyPaste\":\"00020101021226\",\"createdAt\":\"2026-12-01T10:00:00Z\","
                + "\"version\":" + version + "}";
    }
}
