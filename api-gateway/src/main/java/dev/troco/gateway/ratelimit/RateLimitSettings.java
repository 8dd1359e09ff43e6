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

    /**
     * Failed logins, or wrong second-factor codes, one account may have per {@link #accountFailureWindowSeconds()}
     * before it is locked out; after that, one more attempt per window ÷ failures (with the defaults, one every
     * 90 s: about 13 years to walk a sixth of the TOTP code space). A successful login forgets the failures.
     */
    @WithDefault("10")
    int accountFailures();

    /**
     * Invalid {@code /payment/initiate} requests (unreadable, unknown public_key, invalid fields) one address may
     * send per second. Valid requests never count here: they spend the public key's quota.
     */
    @WithDefault("10")
    int invalidCheckoutRequestsPerSecond();

    /** The window of {@link #accountFailures()}, in seconds. */
    @WithDefault("900")
    int accountFailureWindowSeconds();

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
