package dev.troco.gateway.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A person who logs in to the dashboard, or an API user (a technical user that never can). */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    public enum Kind { HUMAN, API }

    @Id
    public String id;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String email;

    @Column(nullable = false)
    public String name;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "totp_secret_encrypted")
    public byte[] totpSecretEncrypted;

    @Column(name = "totp_last_step", nullable = false)
    public long totpLastStep;

    @Column(name = "invitation_hash")
    public String invitationHash;

    @Column(name = "invitation_expires_at")
    public Instant invitationExpiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    public boolean isApiUser() {
        return Kind.API.name().equals(kind);
    }

    public boolean isActive() {
        return passwordHash != null && totpSecretEncrypted != null;
    }

    public static Optional<AppUser> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResultOptional();
    }
}
