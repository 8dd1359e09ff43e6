package dev.troco.gateway;

import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargeRejected;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.charge.SimulatedOutcome;
import dev.troco.events.common.EventMetadata;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The charge-service as the hosted checkout's gateway test needs it, over the real broker: it
 * applies the CreateCharge, SimulateChargeOutcome and CancelCharge commands the gateway publishes to
 * a charge kept in {@link CheckoutBackendsStub} (which the gateway reads over HTTP) and answers with
 * the event, as the real one does (tested in its own module). A PIX checkout charge gets a PIX code
 * and a boleto line, as the real PaymentTerms gives it.
 */
final class CheckoutChargeService extends ChargeServiceFake {

    static final String BOLETO_LINE = "34191790010104351004791020150008291070026000";

    CheckoutChargeService() {
        super("checkout-charge-service");
    }

    List<CreateCharge> createsWithIdentifier(String identifier) {
        return received().stream().filter(CreateCharge.class::isInstance).map(CreateCharge.class::cast)
                .filter(c -> c.getCheckout() != null && c.getCheckout().getIdentifier().equals(identifier)).toList();
    }

    @Override
    void handle(SpecificRecordBase command) {
        if (command instanceof CreateCharge create) {
            create(create);
        } else if (command instanceof SimulateChargeOutcome simulate) {
            simulate(simulate);
        } else if (command instanceof CancelCharge cancel) {
            cancel(cancel);
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
        CheckoutBackendsStub.Owned charge = openCharge(id);
        if (charge == null) {
            return; // the real service ignores a transition that is not allowed
        }
        long amount = amountOf(charge);
        String pix = charge.json().contains("\"pixCopyPaste\"") ? "00020101021226stubpix" + id : null;
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
        CheckoutBackendsStub.Owned charge = openCharge(id);
        if (charge == null) {
            return;
        }
        long amount = amountOf(charge);
        store(charge.merchantId(), charge.environment(), id, "Canceled", 2, amount, null, null);
        publish(ChargeCanceled.newBuilder().setMeta(meta(charge.merchantId(), cancel.getMeta().getEnvironment(), id, 2))
                .setReason(cancel.getReason()).build());
    }

    /** The charge if it is still Created (the only status these commands change), else null. */
    private static CheckoutBackendsStub.Owned openCharge(String id) {
        CheckoutBackendsStub.Owned charge = CheckoutBackendsStub.CHARGES.get(id);
        return charge == null || !charge.json().contains("\"name\":\"Created\"") ? null : charge;
    }

    private static long amountOf(CheckoutBackendsStub.Owned charge) {
        return Long.parseLong(charge.json().replaceAll(".*\"amountCents\":(\\d+).*", "$1"));
    }

    private static void store(String merchantId, String environment, String id, String status, long version,
            long amountCents, String pix, String boletoLine) {
        int statusId = dev.troco.events.charge.ChargeStatusName.ofDisplayName(status).orElseThrow().id();
        String json = "{\"id\":\"" + id + "\",\"status\":{\"id\":" + statusId + ",\"name\":\"" + status + "\"},"
                + "\"typePayin\":\"" + (pix == null ? "credit-card" : "pix") + "\",\"amountCents\":" + amountCents
                + ",\"currency\":\"BRL\",\"paidAmountCents\":0,\"refundAmountCents\":0,"
                + "\"createdAt\":\"2026-12-01T10:00:00Z\",\"version\":" + version
                + (pix == null ? "" : ",\"pixCopyPaste\":\"" + pix + "\"")
                + (boletoLine == null ? "" : ",\"boleto\":{\"digitableLine\":\"" + boletoLine + "\"}") + "}";
        CheckoutBackendsStub.CHARGES.put(id, new CheckoutBackendsStub.Owned(merchantId, environment, json));
    }
}
