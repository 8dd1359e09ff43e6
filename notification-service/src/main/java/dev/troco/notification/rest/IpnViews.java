package dev.troco.notification.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.troco.notification.event.Environment;
import dev.troco.notification.ipn.IpnDeliveries.IpnState;
import dev.troco.notification.ipn.IpnListing;
import dev.troco.notification.rest.EventViews.AttemptView;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the IPNs API answers: an IPN's state, and with it the log of its attempts. */
public final class IpnViews {

    private IpnViews() {
    }

    /**
     * An IPN: {@code id} is also its {@code webhook-id}; {@code data} is the {@code data} its body carries
     * (the body's {@code timestamp} and signatures are made at each attempt). {@code status}: PENDING (due at
     * {@code nextAttemptAt}), DELIVERED, or FAILED (given up; redrive it).
     */
    public record IpnView(String id, String chargeId, String identifier, String type, Environment environment,
            String ipnUrl, String status, int attemptCount, Instant nextAttemptAt, Instant lastAttemptAt,
            Integer lastStatusCode, String lastError, Instant deliveredAt, Instant createdAt,
            @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the IPN's data") String data) {

        static IpnView of(IpnState ipn) {
            return new IpnView(ipn.id(), ipn.chargeId(), ipn.identifier(), ipn.type(), ipn.environment(),
                    ipn.ipnUrl(), ipn.status(), ipn.attempts(),
                    "PENDING".equals(ipn.status()) ? ipn.nextAttemptAt() : null, ipn.lastAttemptAt(), ipn.lastStatusCode(), ipn.lastError(), ipn.deliveredAt(), ipn.createdAt(),
                    ipn.data());
        }
    }

    /** An IPN with every attempt: when, the answer's status and the first 1 KB of its body, or the error. */
    public record IpnWithAttemptsView(String id, String chargeId, String identifier, String type,
            Environment environment, String ipnUrl, String status, int attemptCount, Instant nextAttemptAt,
            Instant lastAttemptAt, Integer lastStatusCode, String lastError, Instant deliveredAt, Instant createdAt,
            @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the IPN's data") String data,
            List<AttemptView> attempts) {

        static IpnWithAttemptsView of(IpnListing.IpnWithAttempts found) {
            IpnView ipn = IpnView.of(found.ipn());
            return new IpnWithAttemptsView(ipn.id(), ipn.chargeId(), ipn.identifier(), ipn.type(), ipn.environment(),
                    ipn.ipnUrl(), ipn.status(), ipn.attemptCount(), ipn.nextAttemptAt(), ipn.lastAttemptAt(),
                    ipn.lastStatusCode(), ipn.lastError(), ipn.deliveredAt(), ipn.createdAt(), ipn.data(),
                    found.attempts().stream().map(AttemptView::of).toList());
        }
    }
}
