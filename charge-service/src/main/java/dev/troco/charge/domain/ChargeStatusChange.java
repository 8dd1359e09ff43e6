package dev.troco.charge.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One entry of a charge's status history (seed 004 {@code statusHistory}). */
@Entity
@Table(name = "charge_status_history")
public class ChargeStatusChange extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ChargeStatus status;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    public static ChargeStatusChange of(Charge charge) {
        ChargeStatusChange change = new ChargeStatusChange();
        change.key = new Key(charge.id, charge.version);
        change.status = charge.status;
        change.changedAt = charge.updatedAt;
        return change;
    }

    @Embeddable
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        @Column(name = "charge_id")
        public String chargeId;

        @Column(name = "version")
        public long version;

        protected Key() {
        }

        public Key(String chargeId, long version) {
            this.chargeId = chargeId;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.chargeId.equals(chargeId) && key.version == version;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(chargeId, version);
        }
    }
}
