package dev.troco.charge.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A payin charge. State changes go through {@link #transitionTo}, which enforces {@link ChargeStatus}. */
@Entity
@Table(name = "charge")
public class Charge extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "merchant_id", nullable = false)
    public String merchantId;

    @Column(nullable = false)
    public String environment;

    @Column(nullable = false)
    public String method;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ChargeStatus status;

    @Column(name = "amount_cents", nullable = false)
    public long amountCents;

    @Column(nullable = false, length = 3, columnDefinition = "bpchar(3)")
    public String currency;

    @Column(name = "custom_number")
    public String customNumber;

    public String description;

    @Column(name = "callback_url")
    public String callbackUrl;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "buyer_name")
    public String buyerName;

    @Column(name = "buyer_document")
    public String buyerDocument;

    @Column(name = "buyer_email")
    public String buyerEmail;

    @Column(name = "app_fee_cents", nullable = false)
    public long appFeeCents;

    @Column(name = "fee_payer", nullable = false)
    public String feePayer;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Column(name = "our_number")
    public Long ourNumber;

    @Column(name = "payment_key")
    public String paymentKey;

    @Column(name = "pix_txid")
    public String pixTxid;

    @Column(name = "pix_copy_paste")
    public String pixCopyPaste;

    @Column(name = "boleto_barcode")
    public String boletoBarcode;

    @Column(name = "boleto_digitable_line")
    public String boletoDigitableLine;

    @Column(name = "processing_fee_cents")
    public Long processingFeeCents;

    /** The company's rate, in percent, that {@link #processingFeeCents} was computed at; null on older charges. */
    @Column(name = "processing_fee_rate_percent")
    public java.math.BigDecimal processingFeeRatePercent;

    @Column(name = "payer_pays_cents")
    public Long payerPaysCents;

    @Column(name = "merchant_nets_cents")
    public Long merchantNetsCents;

    @Column(name = "paid_amount_cents")
    public Long paidAmountCents;

    @Column(name = "paid_at")
    public Instant paidAt;

    /** Paid after the due date, once expired (see {@link ChargeStatus}: Expired may still become Paid). */
    @Column(name = "paid_late", nullable = false)
    public boolean paidLate;

    @Column(name = "refunded_cents", nullable = false)
    public long refundedCents;

    @Column(name = "reject_reason")
    public String rejectReason;

    @Column(name = "chargeback_id")
    public String chargebackId;

    /** OPEN, RESOLVED_FOR_CLIENT or RESOLVED_FOR_MERCHANT; null when never disputed. */
    @Column(name = "chargeback_status")
    public String chargebackStatus;

    @Column(name = "chargeback_amount_cents")
    public Long chargebackAmountCents;

    @Column(name = "chargeback_reason")
    public String chargebackReason;

    /** Hosted checkout (seed 003): the gateway's session id (chk_...); null for charges made by the API. */
    @Column(name = "checkout_session_id")
    public String checkoutSessionId;

    @Column(name = "checkout_identifier")
    public String checkoutIdentifier;

    @Column(name = "checkout_ipn_url")
    public String checkoutIpnUrl;

    /** Card charges: the gateway's token and what may be shown of the card (never its number). */
    @Column(name = "card_token")
    public String cardToken;

    @Column(name = "card_brand")
    public String cardBrand;

    @Column(name = "card_last4")
    public String cardLast4;

    @Column(name = "card_exp_month")
    public Integer cardExpMonth;

    @Column(name = "card_exp_year")
    public Integer cardExpYear;

    @Column(name = "card_holder_name")
    public String cardHolderName;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** What can still be refunded: the paid amount less earlier refunds. */
    public long refundableCents() {
        return paidAmountCents == null ? 0 : paidAmountCents - refundedCents;
    }

    /** A change that keeps the status (a partial refund): the version still moves, so events stay ordered. */
    public void touch(Instant at) {
        version++;
        updatedAt = at;
    }

    /** Moves to {@code next} and bumps the version; false (and nothing changed) if the move is not allowed. */
    public boolean transitionTo(ChargeStatus next, Instant at) {
        if (!status.canBecome(next)) {
            return false;
        }
        status = next;
        version++;
        updatedAt = at;
        return true;
    }
}
