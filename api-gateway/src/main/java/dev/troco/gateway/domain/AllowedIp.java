package dev.troco.gateway.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An address or CIDR range allowed to use an API key. */
@Entity
@Table(name = "api_key_allowed_ip")
public class AllowedIp extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    public static List<AllowedIp> ofKey(String keyId) {
        return list("key.keyId = ?1 order by key.cidr", keyId);
    }

    @Embeddable
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        @Column(name = "key_id")
        public String keyId;

        @Column(name = "cidr")
        public String cidr;

        protected Key() {
        }

        public Key(String keyId, String cidr) {
            this.keyId = keyId;
            this.cidr = cidr;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.keyId.equals(keyId) && key.cidr.equals(cidr);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyId, cidr);
        }
    }
}
