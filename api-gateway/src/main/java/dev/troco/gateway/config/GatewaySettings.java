package dev.troco.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The gateway's own settings. Secrets come from the environment in production, never from the repository. */
@ConfigMapping(prefix = "troco.gateway")
public interface GatewaySettings {

    /** AES-256 key (base64, 32 bytes) that encrypts TOTP seeds at rest. */
    String encryptionKey();

    /** Pepper (base64, at least 32 bytes) of the keyed hashes of API keys and tokens. */
    String hashPepper();

    /** SHA-256 (hex) of the platform administrator's token, which may create companies. Unset: no admin API. */
    Optional<String> adminTokenSha256();

    /** Proxies whose forwarding headers are believed (CIDR list). Empty: the TCP peer is the client. */
    Optional<List<String>> trustedProxies();

    /** How long a dashboard session lasts. */
    @WithDefault("PT12H")
    java.time.Duration sessionTtl();

    /** How long an invitation to activate a user stays valid. */
    @WithDefault("P7D")
    java.time.Duration invitationTtl();

    /** Longest a rotated key may keep working next to its replacement. */
    @WithDefault("P7D")
    java.time.Duration rotationOverlapMax();

    /** How long cached key and allowlist lookups live: a revoked key or removed IP stops working within this. */
    @WithDefault("1000")
    long authCacheTtlMs();
}
