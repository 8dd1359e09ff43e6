package dev.troco.gateway;

import dev.troco.events.charge.ChargeCommandRefused;
import dev.troco.events.charge.ChargeRefunded;
import dev.troco.events.charge.RefundCharge;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.EventMetadata;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The charge-service as the gateway's refund tests need it, over the real broker: it answers the
 * RefundCharge commands of a charge, in the order they arrive, with what the test scripted for that
 * charge (a refund, or a refusal with its code), each answer naming its command as the real service's
 * outbox does. A command with nothing scripted is not answered. Which refunds the real service allows
 * is tested in the charge-service's own module.
 */
final class RefundingChargeService extends ChargeServiceFake {

    /** One scripted answer to the next refund command of a charge. */
    sealed interface Answer permits Refunds, Refuses {
    }

    /** Refunds: the charge's read (in {@link ChargeServiceStub}) becomes {@code chargeJsonAfter}, then ChargeRefunded. */
    record Refunds(String chargeJsonAfter) implements Answer {
    }

    /** Refuses with ChargeCommandRefused, as the charge-service does when its rules say no. */
    record Refuses(String code, String detail) implements Answer {
    }

    private final Map<String, Queue<Answer>> scripts = new ConcurrentHashMap<>();

    RefundingChargeService() {
        super("refunding-charge-service");
    }

    void answer(String chargeId, Answer... answers) {
        scripts.computeIfAbsent(chargeId, id -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
    }

    List<RefundCharge> refundsOf(String chargeId) {
        return commandsFor(chargeId).stream().filter(RefundCharge.class::isInstance).map(RefundCharge.class::cast)
                .toList();
    }

    @Override
    void handle(SpecificRecordBase command) {
        if (!(command instanceof RefundCharge refund)) {
            return;
        }
        CommandMetadata cause = refund.getMeta();
        Queue<Answer> script = scripts.get(cause.getAggregateId());
        Answer answer = script == null ? null : script.poll();
        if (answer == null) {
            return;
        }
        EventMetadata meta = meta(cause.getMerchantId(), cause.getEnvironment(), cause.getAggregateId(), 3);
        meta.setCausationId(cause.getCommandId().toString());
        if (answer instanceof Refunds refunds) {
            ChargeServiceStub.register(cause.getAggregateId(), cause.getMerchantId(), cause.getEnvironment().name(),
                    refunds.chargeJsonAfter());
            long amount = refund.getAmountCents() == null ? 0 : refund.getAmountCents();
            publish(ChargeRefunded.newBuilder().setMeta(meta).setRefundId(refund.getRefundId()).setAmountCents(amount)
                    .setRefundedTotalCents(amount).setFullyRefunded(false).build());
        } else if (answer instanceof Refuses refuses) {
            publish(ChargeCommandRefused.newBuilder().setMeta(meta).setCommandType(RefundCharge.class.getName())
                    .setCode(refuses.code()).setDetail(refuses.detail()).setRefundId(refund.getRefundId()).build());
        }
    }
}
