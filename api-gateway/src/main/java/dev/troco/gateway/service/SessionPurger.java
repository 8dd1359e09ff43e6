package dev.troco.gateway.service;

import dev.troco.gateway.config.GatewaySettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Deletes ended sessions (past their absolute expiry or idle too long) every ten minutes, on any replica. */
@ApplicationScoped
public class SessionPurger {

    private static final Logger LOG = Logger.getLogger(SessionPurger.class);

    private final EntityManager entityManager;
    private final GatewaySettings settings;
    private final Clock clock;

    SessionPurger(EntityManager entityManager, GatewaySettings settings, Clock clock) {
        this.entityManager = entityManager;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(every = "10m", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        int purged = purge();
        if (purged > 0) {
            LOG.infof("purged %d ended sessions", purged);
        }
    }

    public int purge() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "DELETE FROM user_session WHERE expires_at <= ?1 OR COALESCE(last_seen_at, created_at) <= ?2")
                .setParameter(1, now)
                .setParameter(2, now.minus(settings.sessionIdleTimeout()))
                .executeUpdate());
    }
}
