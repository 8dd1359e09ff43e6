package dev.troco.gateway.config;

import dev.troco.kit.net.AddressGuard;
import dev.troco.kit.net.ForbiddenPorts;
import dev.troco.kit.net.HostResolver;
import dev.troco.kit.net.OutboundUrlPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The rules for URLs merchants give Troco to call, with this process' DNS and configuration. */
@Singleton
public class OutboundUrlPolicyProducer {

    @Produces
    @Singleton
    OutboundUrlPolicy outboundUrlPolicy(GatewaySettings settings) {
        GatewaySettings.OutboundUrls urls = settings.outboundUrls();
        return new OutboundUrlPolicy(new AddressGuard(HostResolver.SYSTEM, urls.allowedPrivateHosts().orElse(List.of()),
                ForbiddenPorts.parse(urls.forbiddenPorts())));
    }
}
