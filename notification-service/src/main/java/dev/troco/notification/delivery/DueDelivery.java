package dev.troco.notification.delivery;

import dev.troco.notification.event.StoredEvent;
import java.time.Instant;

/**
 * A delivery claimed for one attempt, with what the attempt needs: where to send, the sealed
 * secrets that sign it (an endpoint's current and, during a rotation, previous secret; or the
 * company's callback secret), and the event.
 *
 * @param endpointId null for a delivery to a charge's own callback URL
 * @param attemptCount attempts made before this one
 * @param failuresInRow failed attempts since the delivery was last (re)scheduled: the schedule's position
 * @param forwardedFrom when the delivery was due before its endpoint's recovery brought it forward (this
 *     attempt is then an extra one, which does not move its place in the schedule), or null
 */
public record DueDelivery(
        String id,
        String endpointId,
        String url,
        String concurrencyKey,
        String messageId,
        int attemptCount,
        int failuresInRow,
        Instant forwardedFrom,
        byte[] sealedSecret,
        byte[] sealedPreviousSecret,
        StoredEvent event) {

    public int attemptNumber() {
        return attemptCount + 1;
    }

    /** An extra attempt, brought forward by its endpoint's recovery. */
    public boolean broughtForward() {
        return forwardedFrom != null;
    }

    public boolean toEndpoint() {
        return endpointId != null;
    }
}
