package dev.troco.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failing endpoint is disabled: at once when it answers 410 Gone (the receiver says it is
 * gone for good), or when every attempt to it has failed for {@code disableAfter} (5 days, as Svix
 * does): retrying an endpoint nobody fixes only costs both sides.
 */
public final class EndpointHealthPolicy {

    private final Duration disableAfter;

    public EndpointHealthPolicy(Duration disableAfter) {
        this.disableAfter = disableAfter;
    }

    /** The reason to disable the endpoint after this failed attempt, or empty to keep it. */
    public Optional<String> reasonToDisable(PostResult failed, Instant failingSince, Instant now) {
        if (failed.gone()) {
            return Optional.of("answered 410 Gone at " + now);
        }
        if (failingSince != null && Duration.between(failingSince, now).compareTo(disableAfter) >= 0) {
            return Optional.of("every delivery failed since " + failingSince + " (" + disableAfter.toDays()
                    + " days or more)");
        }
        return Optional.empty();
    }
}
