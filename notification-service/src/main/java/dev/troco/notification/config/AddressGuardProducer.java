package dev.troco.notification.config;

import dev.troco.notification.webhook.AddressGuard;
import dev.troco.notification.webhook.ForbiddenPorts;
import dev.troco.notification.webhook.HostResolver;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The process' {@link AddressGuard}: system DNS, the private hosts configuration allows, and Troco's own ports it forbids. */
@Singleton
public class AddressGuardProducer {

    @Produces
    @Singleton
    AddressGuard addressGuard(NotificationSettings settings) {
        return new AddressGuard(HostResolver.SYSTEM, settings.allowedPrivateHosts().orElse(List.of()),
                ForbiddenPorts.parse(settings.forbiddenPorts()));
    }
}
