package dev.troco.gateway.config;

import dev.troco.gateway.security.CidrBlock;
import dev.troco.gateway.security.ClientAddressResolver;
import dev.troco.kit.crypto.SecretBox;
import dev.troco.gateway.security.SecretHashing;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.List;

/** Builds the security primitives from configuration once, failing at start if a secret is missing or weak. */
@Singleton
public class SecurityBeans {

    @Produces
    @Singleton
    SecretBox secretBox(GatewaySettings settings) {
        return new SecretBox(Base64.getDecoder().decode(settings.encryptionKey()));
    }

    @Produces
    @Singleton
    SecretHashing secretHashing(GatewaySettings settings) {
        return new SecretHashing(Base64.getDecoder().decode(settings.hashPepper()));
    }

    @Produces
    @Singleton
    ClientAddressResolver clientAddressResolver(GatewaySettings settings) {
        List<CidrBlock> trusted = settings.trustedProxies().orElse(List.of()).stream()
                .filter(s -> !s.isBlank())
                .map(CidrBlock::parse)
                .toList();
        return new ClientAddressResolver(trusted,
                ClientAddressResolver.ForwardingHeader.named(settings.clientAddressHeader()));
    }
}
