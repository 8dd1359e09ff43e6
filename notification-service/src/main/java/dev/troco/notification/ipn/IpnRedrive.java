package dev.troco.notification.ipn;

import dev.troco.kit.problem.ApiException;
import dev.troco.notification.event.Environment;
import dev.troco.notification.ipn.IpnDeliveries.IpnState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Sends an IPN again on a merchant's request, now, whatever its state, as a webhook redelivery does
 * ({@code Redelivery}): a FAILED or pending one, and a DELIVERED one too (the merchant's site may have
 * lost it). It is the same IPN: same row, so the same {@code webhook-id} and data, with a timestamp and
 * signatures made when it is sent; the retry schedule starts again. Nothing is sent twice: an IPN whose
 * attempt is in flight is left to that attempt, and a pending one is made due now, not copied.
 */
@ApplicationScoped
public class IpnRedrive {

    private static final Logger LOG = Logger.getLogger(IpnRedrive.class);

    private final IpnDeliveries ipns;
    private final IpnDispatcher dispatcher;
    private final Clock clock;

    IpnRedrive(IpnDeliveries ipns, IpnDispatcher dispatcher, Clock clock) {
        this.ipns = ipns;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Answers the IPN as scheduled: PENDING, due now (or, in flight, at the end of that attempt's lease). */
    @Transactional
    public IpnState redrive(String companyId, Environment environment, String ipnId) {
        IpnState ipn = ipns.lock(companyId, environment, ipnId)
                .orElseThrow(() -> ApiException.notFound("IPN " + ipnId));
        Instant now = clock.instant();
        if (ipn.inFlight(now)) {
            LOG.infof("IPN %s redrive asked while an attempt is in flight: left to that attempt", ipnId);
            return ipn;
        }
        ipns.redrive(ipn.id(), now);
        dispatcher.wakeAfterCommit();
        LOG.infof("IPN %s (%s, was %s) redriven", ipnId, ipn.type(), ipn.status());
        return ipns.find(companyId, environment, ipnId).orElseThrow();
    }
}
