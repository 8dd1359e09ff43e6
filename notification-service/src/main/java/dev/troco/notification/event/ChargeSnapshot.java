package dev.troco.notification.event;

import dev.troco.events.charge.ChargeCanceled;
import dev.troco.events.charge.ChargeChargebackInitiated;
import dev.troco.events.charge.ChargeChargebackResolved;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargeExpired;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargeRefunded;
import dev.troco.events.charge.ChargeRejected;
import dev.troco.events.charge.ChargeStatusName;
import dev.troco.events.charge.ChargeSubstatus;
import dev.troco.events.charge.ChargebackStatus;
import dev.troco.events.charge.RefundMode;
import dev.troco.events.common.EventMetadata;
import dev.troco.events.common.Party;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * A charge as the events received so far describe it. Seed 004's payload repeats the whole charge
 * on every status change, but each contract event carries only what changed (a ChargePaid has no
 * buyer), so the service folds the events of a charge into this snapshot and builds each payload
 * from it. Stored as JSON, one row per charge.
 */
public class ChargeSnapshot {

    public String id;
    /** Seed 004's {@code key} and {@code ourNumber} (from ChargeCreated). */
    public String key;
    public Long ourNumber;
    public String companyId;
    public Environment environment;
    public String method;
    public Long amountCents;
    public String currency;
    public String customNumber;
    public String callbackUrl;
    public Instant expiresAt;
    public String buyerName;
    public String buyerDocument;
    public String buyerEmail;
    public ChargeStatusName status;
    public Long paidAmountCents;
    public Instant paidAt;
    /** Paid after the due date (null before any payment). */
    public Boolean paidLate;
    public Instant createdAt;
    public long refundedTotalCents;
    public List<Refund> refunds = new ArrayList<>();
    public List<StatusEntry> statusHistory = new ArrayList<>();
    /** Why the charge was declined (ChargeRejected's reason code); null otherwise. */
    public String rejectReason;
    /** Where its dispute stands; null when never disputed. */
    public ChargebackStatus chargeback;
    public long version;

    /** One refund of the charge. */
    public record Refund(String id, long amountCents, Instant createdAt) {
    }

    /** One status the charge took, and when. */
    public record StatusEntry(ChargeStatusName status, Instant updatedAt) {
    }

    /** What is known of a charge before any of its events: whose it is. */
    public static ChargeSnapshot empty(EventMetadata meta) {
        ChargeSnapshot snapshot = new ChargeSnapshot();
        snapshot.id = meta.getAggregateId();
        snapshot.companyId = meta.getMerchantId();
        snapshot.environment = Environment.of(meta.getEnvironment());
        return snapshot;
    }

    /** Folds one event of this charge in. */
    public void apply(SpecificRecord event, EventMetadata meta) {
        Instant at = meta.getOccurredAt();
        if (event instanceof ChargeCreated created) {
            method = created.getMethod().name();
            key = created.getPaymentKey();
            ourNumber = created.getOurNumber();
            amountCents = created.getAmountCents();
            currency = created.getCurrency();
            customNumber = created.getCustomNumber();
            callbackUrl = created.getCallbackUrl();
            expiresAt = created.getExpiresAt();
            Party buyer = created.getBuyer();
            if (buyer != null) {
                buyerName = buyer.getName();
                buyerDocument = buyer.getDocument();
                buyerEmail = buyer.getEmail();
            }
            createdAt = at;
            become(ChargeStatusName.CREATED, at);
        } else if (event instanceof ChargePaid paid) {
            amountCents = paid.getAmountCents();
            paidAmountCents = paid.getPaidAmountCents();
            currency = paid.getCurrency();
            paidAt = paid.getPaidAt();
            paidLate = paid.getLate();
            become(ChargeStatusName.PAID, at);
        } else if (event instanceof ChargeRejected rejected) {
            rejectReason = rejected.getReasonCode();
            become(ChargeStatusName.REJECTED, at);
        } else if (event instanceof ChargeCanceled) {
            become(ChargeStatusName.CANCELED, at);
        } else if (event instanceof ChargeExpired expired) {
            expiresAt = expired.getExpiresAt();
            become(ChargeStatusName.EXPIRED, at);
        } else if (event instanceof ChargeRefunded refunded) {
            if (refunds.stream().noneMatch(r -> r.id().equals(refunded.getRefundId()))) {
                refunds.add(new Refund(refunded.getRefundId(), refunded.getAmountCents(), at));
            }
            refundedTotalCents = refunded.getRefundedTotalCents();
            if (refunded.getFullyRefunded()) {
                become(ChargeStatusName.REFUNDED, at);
            }
        } else if (event instanceof ChargeChargebackInitiated) {
            chargeback = ChargebackStatus.OPEN;
        } else if (event instanceof ChargeChargebackResolved resolved) {
            chargeback = ChargebackStatus.resolvedBy(resolved.getResolution());
        }
        version = meta.getAggregateVersion();
    }

    /** Seed 004's {@code payin_substatus}, named by the contract's table as the charge-service names it. */
    public String substatus() {
        return ChargeSubstatus.publicNameOf(Boolean.TRUE.equals(paidLate), chargeback);
    }

    /** Seed 004's {@code refundMode}: null while nothing was refunded. */
    public RefundMode refundMode() {
        return RefundMode.of(refundedTotalCents, status == ChargeStatusName.REFUNDED);
    }

    private void become(ChargeStatusName next, Instant at) {
        status = next;
        statusHistory.add(new StatusEntry(next, at));
    }
}
