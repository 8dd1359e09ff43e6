package dev.troco.gateway.service;

import dev.troco.gateway.domain.AuditEntry;
import dev.troco.kit.id.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Writes audit entries in the transaction of the change they record, and reads them back newest first. */
@ApplicationScoped
public class AuditLog {

    /** Who acted when the platform itself (its administrator) did. */
    public static final String PLATFORM_ADMIN = "platform-admin";

    private final Clock clock;

    AuditLog(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, String companyId, String action, String targetId, boolean with2fa,
            Map<String, Object> details) {
        AuditEntry entry = new AuditEntry();
        entry.id = Ids.next("aud");
        entry.companyId = companyId;
        entry.actorId = actor.userId();
        entry.ip = actor.ip();
        entry.action = action;
        entry.targetId = targetId;
        entry.with2fa = with2fa;
        entry.details = details;
        entry.at = clock.instant();
        entry.persist();
    }

    /** A company's entries, newest first, after the cursor {@code startingAfter} (an entry id) if given. */
    public List<AuditEntry> page(String companyId, int limit, String startingAfter) {
        if (startingAfter == null) {
            return AuditEntry.find("companyId = ?1 order by id desc", companyId).page(0, limit).list();
        }
        return AuditEntry.find("companyId = ?1 and id < ?2 order by id desc", companyId, startingAfter)
                .page(0, limit).list();
    }

    /** Who does something, and from where. */
    public record Actor(String userId, String ip) {
    }
}
