package dev.troco.notification.config;

import dev.troco.kit.net.AddressGuard;
import dev.troco.kit.net.ForbiddenPorts;
import dev.troco.kit.net.HostResolver;
import dev.troco.kit.net.OutboundUrlPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The process' {@link AddressGuard} (system DNS, the private hosts configuration allows, and Troco's own ports it
 * forbids) and the {@link OutboundUrlPolicy} built on it: the rules every URL Troco calls follows.
 */
@Singleton
public class AddressGuardProducer {

    @Produces
    @Singleton
    AddressGuard addressGuard(NotificationSettings settings) {
        return new AddressGuard(HostResolver.SYSTEM, settings.allowedPrivateHosts().orElse(List.of()),
                ForbiddenPorts.parse(settings.forbiddenPorts()));
    }

    @Produces
    @Singleton
    OutboundUrlPolicy outboundUrlPolicy(AddressGuard guard) {
        return new OutboundUrlPolicy(guard);
    }
}
