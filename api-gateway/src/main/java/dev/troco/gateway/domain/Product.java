package dev.troco.gateway.domain;

/** What a company has purchased; it bounds the permissions that can be granted (seed 001). */
public enum Product {
    PAYIN,
    PAYOUT,
    KYC,
    DATA_COLLECT,
    PIX_KEY_VALIDATION
}
