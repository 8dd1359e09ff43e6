package dev.troco.notification.ipn;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes secret_keys that stayed pending for a day: the gateway never committed their credential
 * (it answered the Moderator with an error), so nobody holds them and nothing will activate them.
 */
@ApplicationScoped
public class PendingIpnSecretPruner {

    private static final Logger LOG = Logger.getLogger(PendingIpnSecretPruner.class);
    /** Far longer than the gateway's outbox takes to relay an activation, even across an outage of hours. */
    static final Duration PENDING_SECRET_TTL = Duration.ofDays(1);

    private final IpnSecrets secrets;
    private final Clock clock;

    PendingIpnSecretPruner(IpnSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    @Scheduled(identity = "pending-ipn-secret-pruner", every = "1h", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int deleted = secrets.deletePendingIssuedBefore(clock.instant().minus(PENDING_SECRET_TTL));
            if (deleted > 0) {
                LOG.infof("deleted %d IPN secrets never activated within %s", deleted, PENDING_SECRET_TTL);
            }
        } catch (RuntimeException e) {
            LOG.warnf("pruning pending IPN secrets failed (%s); the next run tries again", e.getMessage());
        }
    }
}
