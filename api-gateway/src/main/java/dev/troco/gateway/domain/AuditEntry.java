package dev.troco.gateway.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One access-control change: who, what, when, from which IP, with or without 2FA. Never a secret. */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "company_id")
    public String companyId;

    @Column(name = "actor_id")
    public String actorId;

    @Column(nullable = false)
    public String action;

    @Column(name = "target_id")
    public String targetId;

    @Column(nullable = false)
    public String ip;

    @Column(name = "with_2fa", nullable = false)
    public boolean with2fa;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> details;

    @Column(nullable = false)
    public Instant at;
}
