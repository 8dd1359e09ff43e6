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

    /**
     * The one forwarding header the trusted proxy writes, {@code X-Forwarded-For} (ingress-nginx, most load
     * balancers) or {@code Forwarded} (RFC 7239, for proxies that write it and strip the client's). The other
     * header is never read, so a client cannot choose which one the gateway believes.
     */
    @WithDefault("X-Forwarded-For")
    String clientAddressHeader();

    /** How long a dashboard session lasts. */
    @WithDefault("PT12H")
    java.time.Duration sessionTtl();

    /** How long an invitation to activate a user stays valid. */
    @WithDefault("P7D")
    java.time.Duration invitationTtl();

    /** People a company may invite within 24 hours (each invitation is an e-mail to an address it chose). */
    @WithDefault("50")
    int invitationsPerCompanyPerDay();

    /** Longest a rotated key may keep working next to its replacement. */
    @WithDefault("P7D")
    java.time.Duration rotationOverlapMax();

    /**
     * The port of the operator's doors (admin API, internal API, /q: health, metrics, Swagger UI); unset, they are
     * served on the public port too. See security/OperatorPort.
     */
    Optional<Integer> operatorPort();

    /** The interface the operator port listens on. */
    @WithDefault("0.0.0.0")
    String operatorHost();

    /**
     * URLs merchants give for Troco to call (a charge's callbackUrl, a checkout's ipn_url): checked when
     * they are given by the same rules the notification-service applies at every delivery (kit's
     * OutboundUrlPolicy), so a URL that can never be called is a 400 at creation, not a failed delivery.
     */
    OutboundUrls outboundUrls();

    /** How many password hashes (Argon2id, 19 MiB each) are computed at once; see PasswordHashingPool. */
    PasswordHashing passwordHashing();

    interface PasswordHashing {

        /** Hashes computed at once (each holds 19 MiB of heap and a core). */
        @WithDefault("4")
        int concurrency();

        /** Logins that may wait for a hash slot; more are answered 503 at once. */
        @WithDefault("16")
        int waitingMax();

        /** How long a login waits for a slot before it is answered 503. */
        @WithDefault("1000")
        long waitMs();
    }

    /** How long a dashboard session may stay unused before it ends (the absolute limit is sessionTtl). */
    @WithDefault("PT30M")
    java.time.Duration sessionIdleTimeout();

    /** How long cached key and allowlist lookups live: a revoked key or removed IP stops working within this. */
    @WithDefault("1000")
    long authCacheTtlMs();

    interface OutboundUrls {

        /**
         * Hosts that may resolve to private or loopback addresses (none in production; the launcher and tests
         * allow local receivers). Keep it equal to {@code troco.notification.allowed-private-hosts}.
         */
        Optional<List<String>> allowedPrivateHosts();

        /** Troco's own ports no URL may target; keep it equal to {@code troco.notification.forbidden-ports}. */
        @WithDefault("8080,8081,8082,8083,8084,9080,13025,15432,19092,19093")
        List<String> forbiddenPorts();
    }
}
