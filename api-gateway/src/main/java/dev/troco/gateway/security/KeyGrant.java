package dev.troco.gateway.security;

import dev.troco.events.common.Environment;
import dev.troco.gateway.domain.Permission;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What an API key allows, as loaded (and briefly cached) for each call. */
public record KeyGrant(
        String keyId,
        String companyId,
        String companyName,
        String apiUserId,
        Environment environment,
        Set<Permission> permissions,
        List<CidrBlock> allowedIps,
        Instant expiresAt) {

    public boolean allows(String clientIp) {
        return allowedIps.stream().anyMatch(block -> block.contains(clientIp));
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
