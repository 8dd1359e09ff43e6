package dev.troco.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.troco.gateway.ratelimit.RateLimitSettings;
import dev.troco.gateway.ratelimit.RateLimiter;
import dev.troco.gateway.ratelimit.RateLimiter.Decision;
import dev.troco.gateway.ratelimit.RateLimiter.Quota;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Counts failed authentications and refuses guessers with 429 and {@code Retry-After}: per client address
 * (wrong API keys, passwords, session tokens, admin tokens, second-factor codes, keys used from a wrong address),
 * and per account (a person's password and TOTP codes, at login and at every step-up check). The counters are
 * GCRA buckets in the gateway's database, shared by every replica; a replica also remembers the addresses it
 * refused, so a blocked address costs it no database round trip until the block ends.
 */
@ApplicationScoped
public class AuthenticationThrottle {

    private static final Logger LOG = Logger.getLogger(AuthenticationThrottle.class);
    private static final String ADDRESS = "authfail:";
    private static final String ACCOUNT = "account:";

    private final RateLimiter limiter;
    private final RateLimitSettings settings;
    private final SecretHashing hashing;
    /** Addresses refused for failing authentication, until when. */
    private final Cache<String, Instant> blockedAddresses =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();

    AuthenticationThrottle(RateLimiter limiter, RateLimitSettings settings, SecretHashing hashing) {
        this.limiter = limiter;
        this.settings = settings;
        this.hashing = hashing;
    }

    /** The quota of failures per address, for the rate-limit headers. */
    public Quota addressQuota() {
        return new Quota("failed-authentication", settings.failedAuthenticationsPerMinute(), 60);
    }

    private Quota accountQuota() {
        return new Quota("failed-account-authentication", settings.accountFailures(),
                settings.accountFailureWindowSeconds());
    }

    /** Seconds until {@code address} may try again, or 0: this replica's memory only (the merchant API's hot path). */
    public long blockedFor(String address) {
        Instant until = blockedAddresses.getIfPresent(address);
        if (until == null) {
            return 0;
        }
        long seconds = Duration.between(Instant.now(), until).toSeconds();
        return until.isAfter(Instant.now()) ? Math.max(1, seconds) : 0;
    }

    /** Refuses an address this replica knows to be blocked. */
    public void refuseIfBlocked(String address) {
        long seconds = blockedFor(address);
        if (seconds > 0) {
            throw tooMany(seconds);
        }
    }

    /**
     * Before a costly check (a password hash, a TOTP code): refuses the address or account if either has no
     * failure left, asking the shared counters, so a block learnt by another replica holds here too.
     */
    public void refuseIfLockedOut(String address, String account) {
        refuseIfBlocked(address);
        Decision byAddress = limiter.peek(ADDRESS + address, addressQuota());
        if (!byAddress.allowed()) {
            block(address, byAddress.retryAfterSeconds());
            throw tooMany(byAddress.retryAfterSeconds());
        }
        if (account != null) {
            Decision byAccount = limiter.peek(accountBucket(account), accountQuota());
            if (!byAccount.allowed()) {
                throw tooMany(byAccount.retryAfterSeconds());
            }
        }
    }

    /**
     * Counts one failure of {@code address} (and of {@code account}, if given). Answers the decision of the
     * address's counter; throws 429 when this failure used up what was left.
     */
    public Decision failed(String address, String account) {
        // Own transactions: the failing request's transaction rolls back, its count must not.
        Decision byAddress = QuarkusTransaction.requiringNew().call(
                () -> limiter.consume(ADDRESS + address, addressQuota()));
        if (account != null) {
            Decision byAccount = QuarkusTransaction.requiringNew().call(
                    () -> limiter.consume(accountBucket(account), accountQuota()));
            if (!byAccount.allowed()) {
                LOG.warnf("account %s locked out after repeated failed authentications", account);
                throw tooMany(byAccount.retryAfterSeconds());
            }
        }
        if (!byAddress.allowed()) {
            block(address, byAddress.retryAfterSeconds());
            LOG.warnf("address %s slowed down after repeated failed authentications", address);
            throw tooMany(byAddress.retryAfterSeconds());
        }
        return byAddress;
    }

    /** An account that authenticated starts again from a clean slate (its address's failures stay). */
    public void succeeded(String account) {
        QuarkusTransaction.requiringNew().run(() -> limiter.reset(accountBucket(account)));
    }

    private void block(String address, long seconds) {
        blockedAddresses.put(address, Instant.now().plusSeconds(Math.max(1, seconds)));
    }

    /** Accounts are named by a keyed hash: an e-mail never lands in the limiter's table. */
    private String accountBucket(String account) {
        return ACCOUNT + hashing.hash(account.toLowerCase(java.util.Locale.ROOT));
    }

    private static ApiException tooMany(long seconds) {
        return ApiException.retryAfter(ProblemCode.TOO_MANY_FAILED_AUTHENTICATIONS,
                "Too many failed authentications; retry in " + Math.max(1, seconds) + " s", seconds);
    }
}
