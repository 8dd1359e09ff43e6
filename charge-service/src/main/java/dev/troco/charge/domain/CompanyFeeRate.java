package dev.troco.charge.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One change of a company's processing fee rate, as Troco's operator made it. Rows are only ever
 * added: the newest is the company's current rate, the others its history.
 */
@Entity
@Table(name = "company_fee_rate")
public class CompanyFeeRate extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "company_id", nullable = false)
    public String companyId;

    /** In percent: 1.99 is 1.99%. */
    @Column(name = "rate_percent", nullable = false)
    public BigDecimal ratePercent;

    @Column(name = "effective_at", nullable = false)
    public Instant effectiveAt;

    /** Who set it, as the operator's door names them (e.g. the admin token and the caller's address). */
    @Column(name = "set_by", nullable = false)
    public String setBy;

    @Column(nullable = false)
    public String reason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
