package dev.troco.gateway.checkout;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One payment started by {@code POST /payment/initiate}, and the page its buyer sees. */
@Entity
@Table(name = "checkout_session")
public class CheckoutSession extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "company_id", nullable = false)
    public String companyId;

    @Column(nullable = false)
    public String environment;

    @Column(nullable = false)
    public String identifier;

    @Column(name = "charge_id", nullable = false)
    public String chargeId;

    @Column(name = "page_key", nullable = false)
    public String pageKey;

    @Column(name = "amount_cents", nullable = false)
    public long amountCents;

    @Column(nullable = false)
    public String currency;

    @Column(nullable = false)
    public String details;

    @Column(name = "site_name", nullable = false)
    public String siteName;

    @Column(name = "site_logo")
    public String siteLogo;

    @Column(name = "success_url", nullable = false)
    public String successUrl;

    @Column(name = "cancel_url", nullable = false)
    public String cancelUrl;

    @Column(name = "ipn_url", nullable = false)
    public String ipnUrl;

    @Column(nullable = false)
    public String customer;

    @Column(name = "billing_info")
    public String billingInfo;

    @Column(name = "shipping_info")
    public String shippingInfo;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<CheckoutSession> byIdentifier(String companyId, String environment, String identifier) {
        return find("companyId = ?1 and environment = ?2 and identifier = ?3", companyId, environment, identifier)
                .firstResultOptional();
    }

    public static Optional<CheckoutSession> byPageKey(String pageKey) {
        return find("pageKey", pageKey).firstResultOptional();
    }
}
