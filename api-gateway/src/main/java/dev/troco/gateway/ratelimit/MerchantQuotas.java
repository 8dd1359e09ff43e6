package dev.troco.gateway.ratelimit;

import dev.troco.events.common.Environment;
import dev.troco.gateway.ratelimit.RateLimiter.Decision;
import dev.troco.gateway.ratelimit.RateLimiter.Quota;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The merchant API's quotas per key and per company. A request costs one of each; a request that does the work of
 * several (a batch of charges) costs one per item, so a batch is no way around the limit.
 */
@ApplicationScoped
public class MerchantQuotas {

    private final RateLimiter limiter;
    private final RateLimitSettings settings;

    MerchantQuotas(RateLimiter limiter, RateLimitSettings settings) {
        this.limiter = limiter;
        this.settings = settings;
    }

    /** Spends {@code cost} of the key's and of the company's quotas; answers both decisions. */
    public List<Decision> spend(String keyId, String companyId, Environment environment, int cost) {
        return List.of(
                limiter.consume("key:" + keyId, keyQuota(environment), cost),
                limiter.consume("company:" + companyId + ":" + environment, companyQuota(environment), cost));
    }

    /** Spends the rest of a request that does {@code items} calls' work (one was spent at the door). */
    public void spendItems(String keyId, String companyId, Environment environment, int items) {
        if (items <= 1) {
            return;
        }
        Optional<Decision> refused = spend(keyId, companyId, environment, items - 1).stream()
                .filter(d -> !d.allowed()).findFirst();
        if (refused.isPresent()) {
            Quota quota = refused.get().quota();
            throw ApiException.retryAfter(ProblemCode.QUOTA_EXCEEDED, "This batch of " + items + " items costs "
                    + items + " requests of the '" + quota.name() + "' quota (" + quota.limit() + " per "
                    + quota.windowSeconds() + " s), more than is left; nothing was created. Retry after "
                    + refused.get().retryAfterSeconds() + " s or send smaller batches",
                    refused.get().retryAfterSeconds());
        }
    }

    public Quota keyQuota(Environment environment) {
        RateLimitSettings.Quotas quotas = quotas(environment);
        return new Quota("key", quotas.perKey(), quotas.windowSeconds());
    }

    public Quota companyQuota(Environment environment) {
        RateLimitSettings.Quotas quotas = quotas(environment);
        return new Quota("company", quotas.perCompany(), quotas.windowSeconds());
    }

    private RateLimitSettings.Quotas quotas(Environment environment) {
        return environment == Environment.PRODUCTION ? settings.production() : settings.sandbox();
    }
}
