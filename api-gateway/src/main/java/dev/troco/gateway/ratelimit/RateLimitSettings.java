package dev.troco.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Quotas of the merchant API, separately for sandbox and production. */
@ConfigMapping(prefix = "troco.gateway.rate-limit")
public interface RateLimitSettings {

    Quotas sandbox();

    Quotas production();

    /** Failed authentications one address may make per minute before it is slowed down. */
    @WithDefault("20")
    int failedAuthenticationsPerMinute();

    interface Quotas {

        /** Requests one API key may make per window. */
        @WithDefault("100")
        int perKey();

        /** Requests all keys of one company may make together per window. */
        @WithDefault("200")
        int perCompany();

        /** The window, in seconds; a full quota may be spent at once (the burst). */
        @WithDefault("1")
        int windowSeconds();
    }
}
