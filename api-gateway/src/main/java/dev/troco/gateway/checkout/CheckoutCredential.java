package dev.troco.gateway.checkout;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A company's hosted-checkout public key in one environment (seed 003's public_key). */
@Entity
@Table(name = "checkout_credential")
public class CheckoutCredential extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "company_id", nullable = false)
    public String companyId;

    @Column(nullable = false)
    public String environment;

    @Column(name = "public_key", nullable = false)
    public String publicKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public static Optional<CheckoutCredential> live(String publicKey) {
        return find("publicKey = ?1 and revokedAt is null", publicKey).firstResultOptional();
    }

    public static Optional<CheckoutCredential> liveOf(String companyId, String environment) {
        return find("companyId = ?1 and environment = ?2 and revokedAt is null", companyId, environment)
                .firstResultOptional();
    }
}
