package dev.troco.notification.delivery;

import dev.troco.kit.net.AddressGuard;
import dev.troco.notification.config.NotificationSettings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSocketFactory;

/** Builds the delivery policies and the poster from configuration, once. */
@Singleton
public class DeliveryBeans {

    @Produces
    @Singleton
    RetrySchedule retrySchedule(NotificationSettings settings) {
        NotificationSettings.Delivery delivery = settings.delivery();
        return new RetrySchedule(delivery.retryDelays().orElse(RetrySchedule.STANDARD_DELAYS), delivery.jitterRatio(),
                delivery.retryAfterMax(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Produces
    @Singleton
    EndpointHealthPolicy endpointHealthPolicy(NotificationSettings settings) {
        return new EndpointHealthPolicy(settings.delivery().disableAfter());
    }

    @Produces
    @Singleton
    WebhookPoster webhookPoster(NotificationSettings settings, AddressGuard guard, Clock clock) {
        return new WebhookPoster(guard, Duration.ofMillis(settings.delivery().timeoutMs()),
                (SSLSocketFactory) SSLSocketFactory.getDefault(), clock);
    }

    void closePoster(@Disposes WebhookPoster poster) {
        poster.close();
    }
}
