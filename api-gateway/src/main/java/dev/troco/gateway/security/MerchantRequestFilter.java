package dev.troco.gateway.security;

import dev.troco.gateway.ratelimit.MerchantQuotas;
import dev.troco.gateway.ratelimit.RateLimitHeaders;
import dev.troco.gateway.ratelimit.RateLimiter.Decision;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The checks of every merchant call, in order: an address that failed to authenticate too often
 * is slowed down; the API key must be well formed and live; the caller's IP must be on the key's
 * allowlist; the key must have the endpoint's permission (the 403 names it); the key's and the
 * company's quotas must allow the call. Every answer carries the rate-limit headers.
 */
public class MerchantRequestFilter {

    private static final Logger LOG = Logger.getLogger(MerchantRequestFilter.class);
    private static final String DECISION = "troco.rate-limit.decision";
    private static final String BEARER = "Bearer ";

    private final ApiKeyAuthenticator authenticator;
    private final CallerAddress caller;
    private final MerchantContext merchant;
    private final AuthenticationThrottle throttle;
    private final MerchantQuotas quotas;

    MerchantRequestFilter(ApiKeyAuthenticator authenticator, CallerAddress caller, MerchantContext merchant,
            AuthenticationThrottle throttle, MerchantQuotas quotas) {
        this.authenticator = authenticator;
        this.caller = caller;
        this.merchant = merchant;
        this.throttle = throttle;
        this.quotas = quotas;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext context, ResourceInfo resource, HttpServerRequest http) {
        RequiresPermission required = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(RequiresPermission.class);
        if (required == null) {
            return;
        }
        String clientIp = caller.of(http);
        long blockedSeconds = throttle.blockedFor(clientIp);
        if (blockedSeconds > 0) {
            context.setProperty(DECISION, List.of(new Decision(throttle.addressQuota(), false, 0, 60, blockedSeconds)));
            throw new ApiException(ProblemCode.TOO_MANY_FAILED_AUTHENTICATIONS,
                    "Too many failed authentications from " + clientIp + "; retry later");
        }
        String authorization = context.getHeaderString("Authorization");
        String key = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : null;
        Optional<KeyGrant> grant = authenticator.authenticate(key);
        if (grant.isEmpty()) {
            failedAuthentication(context, clientIp);
            throw new ApiException(ProblemCode.INVALID_API_KEY, key == null
                    ? "Send the API key as Authorization: Bearer trk_..."
                    : "The API key is malformed, unknown, expired or revoked");
        }
        if (!grant.get().allows(clientIp)) {
            LOG.infof("key %s refused from %s (not on its allowlist)", grant.get().keyId(), clientIp);
            // A live key tried from elsewhere is a stolen key being tested: it counts as a failure.
            failedAuthentication(context, clientIp);
            throw new ApiException(ProblemCode.IP_NOT_ALLOWED,
                    "This API key may not be used from " + clientIp + "; a Moderator can allow it in access control");
        }
        if (!grant.get().permissions().contains(required.value())) {
            throw new ApiException(ProblemCode.MISSING_PERMISSION,
                    "This API key lacks the permission " + required.value().apiName());
        }
        merchant.set(grant.get(), clientIp);
        List<Decision> decisions = quotas.spend(grant.get().keyId(), grant.get().companyId(),
                grant.get().environment(), 1);
        context.setProperty(DECISION, decisions);
        Optional<Decision> refused = decisions.stream().filter(d -> !d.allowed()).findFirst();
        if (refused.isPresent()) {
            throw new ApiException(ProblemCode.QUOTA_EXCEEDED, "Rate limit '" + refused.get().quota().name()
                    + "' of " + refused.get().quota().limit() + " requests per " + refused.get().quota().windowSeconds()
                    + " s exceeded; retry after " + refused.get().retryAfterSeconds() + " s");
        }
    }

    /** IETF draft-ietf-httpapi-ratelimit-headers: the policies, what remains, and Retry-After when refused. */
    @ServerResponseFilter
    public void rateLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(DECISION) instanceof List<?> list) || list.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Decision> decisions = (List<Decision>) list;
        RateLimitHeaders.write(decisions, response.getHeaders());
    }

    private void failedAuthentication(ContainerRequestContext context, String clientIp) {
        try {
            throttle.failed(clientIp, null);
        } catch (ApiException refused) {
            context.setProperty(DECISION, List.of(new Decision(throttle.addressQuota(), false, 0, 60,
                    refused.retryAfterSeconds())));
            throw new ApiException(ProblemCode.TOO_MANY_FAILED_AUTHENTICATIONS,
                    "Too many failed authentications from " + clientIp + "; retry later");
        }
    }

}
