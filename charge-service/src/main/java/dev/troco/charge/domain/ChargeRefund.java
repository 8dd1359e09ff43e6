package dev.troco.charge.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One refund of a paid charge (seed 004's payinRefunds). */
@Entity
@Table(name = "charge_refund")
public class ChargeRefund extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "charge_id", nullable = false)
    public String chargeId;

    @Column(name = "amount_cents", nullable = false)
    public long amountCents;

    public String reason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
