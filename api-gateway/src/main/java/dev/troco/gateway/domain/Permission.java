package dev.troco.gateway.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an API user may do (seeds 000 and 001). Each permission needs at least one of its products
 * to have been purchased by the company; a Moderator cannot grant it otherwise.
 */
public enum Permission {
    /** Create PIX, boleto and card charges. */
    CHARGES_CREATE(EnumSet.of(Product.PAYIN)),
    /**
     * Refund paid charges. Its own permission, so that a key that only creates charges (often on a web
     * front end) cannot send money back; API users that had charges:create when it came were given it.
     */
    CHARGES_REFUND(EnumSet.of(Product.PAYIN)),
    /** Send payments to beneficiaries. */
    PAYOUTS_CREATE(EnumSet.of(Product.PAYOUT)),
    /** Read balances and statements. */
    STATEMENT_VIEW(EnumSet.of(Product.PAYIN, Product.PAYOUT)),
    /** Submit compliance documents. */
    KYC_DOCUMENTS_INSERT(EnumSet.of(Product.KYC)),
    /** Create beneficiary self-onboarding links. */
    DATA_COLLECT_CREATE(EnumSet.of(Product.DATA_COLLECT)),
    /** Validate PIX keys. */
    PIX_KEYS_VALIDATE(EnumSet.of(Product.PIX_KEY_VALIDATION)),
    /** Check the status of charges and payouts. */
    TRANSACTIONS_READ(EnumSet.of(Product.PAYIN, Product.PAYOUT)),
    /** Manage webhook endpoints and notification settings. */
    NOTIFICATIONS_MANAGE(EnumSet.allOf(Product.class));

    private final Set<Product> grantedBy;

    Permission(Set<Product> grantedBy) {
        this.grantedBy = grantedBy;
    }

    public boolean isAvailableWith(Set<Product> purchased) {
        return grantedBy.stream().anyMatch(purchased::contains);
    }

    /** The name used in the API and in 403 answers, e.g. {@code charges:create}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ":").replace('_', '-');
    }

    public static Permission fromApiName(String name) {
        for (Permission permission : values()) {
            if (permission.apiName().equals(name) || permission.name().equals(name)) {
                return permission;
            }
        }
        throw new IllegalArgumentException("unknown permission: " + name);
    }
}
