package dev.troco.gateway.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's place in a company: a role for a person, granted permissions for an API user. */
@Entity
@Table(name = "membership")
public class Membership extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    /** MODERATOR, WRITE or VIEW for people; null for API users. */
    public String role;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] permissions;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public Set<Permission> grantedPermissions() {
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        Arrays.stream(permissions).map(Permission::valueOf).forEach(set::add);
        return set;
    }

    public Optional<Role> roleOrEmpty() {
        return role == null ? Optional.empty() : Optional.of(Role.valueOf(role));
    }

    public static Optional<Membership> of(String userId, String companyId) {
        return findByIdOptional(new Key(userId, companyId));
    }

    @Embeddable
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        @Column(name = "user_id")
        public String userId;

        @Column(name = "company_id")
        public String companyId;

        protected Key() {
        }

        public Key(String userId, String companyId) {
            this.userId = userId;
            this.companyId = companyId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.userId.equals(userId) && key.companyId.equals(companyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, companyId);
        }
    }
}
