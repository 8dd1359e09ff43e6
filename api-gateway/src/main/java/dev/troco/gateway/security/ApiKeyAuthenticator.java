package dev.troco.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.troco.events.common.Environment;
import dev.troco.gateway.config.GatewaySettings;
import dev.troco.gateway.domain.AllowedIp;
import dev.troco.gateway.domain.Company;
import dev.troco.gateway.domain.ApiKey;
import dev.troco.gateway.domain.Membership;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an API key into what it allows. Lookups are cached for {@code auth-cache-ttl-ms} (one
 * second by default) on each replica: fast for a busy key, and a revoked key or a removed IP
 * stops working on every replica within that time, with no invalidation messages to lose.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    /** last_used_at is written at most this often per key, not on every call. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecretHashing hashing;
    private final Clock clock;
    private final Cache<String, Optional<KeyGrant>> grants;
    private final Map<String, Instant> lastUsedWritten = new ConcurrentHashMap<>();

    ApiKeyAuthenticator(SecretHashing hashing, Clock clock, GatewaySettings settings) {
        this.hashing = hashing;
        this.clock = clock;
        this.grants = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMillis(settings.authCacheTtlMs()))
                .maximumSize(100_000)
                .build();
    }

    /** The grant of a live key, or empty for a malformed, unknown, expired or revoked one. */
    public Optional<KeyGrant> authenticate(String key) {
        Optional<Environment> environment = ApiKeyFormat.check(key);
        if (environment.isEmpty()) {
            return Optional.empty(); // refused without a database lookup
        }
        Optional<KeyGrant> grant = grants.get(hashing.hash(key), this::load);
        Instant now = clock.instant();
        if (grant.isEmpty() || grant.get().isExpiredAt(now)) {
            return Optional.empty();
        }
        touch(grant.get().keyId(), now);
        return grant;
    }

    private Optional<KeyGrant> load(String secretHash) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Optional<ApiKey> found = ApiKey.find("secretHash", secretHash).firstResultOptional();
            if (found.isEmpty() || found.get().revokedAt != null) {
                return Optional.<KeyGrant>empty();
            }
            ApiKey key = found.get();
            Optional<Membership> membership = Membership.of(key.userId, key.companyId);
            if (membership.isEmpty()) {
                return Optional.<KeyGrant>empty();
            }
            Company company = Company.findById(key.companyId);
            return Optional.of(new KeyGrant(key.id, key.companyId, company.name, key.userId,
                    Environment.valueOf(key.environment),
                    membership.get().grantedPermissions(),
                    AllowedIp.ofKey(key.id).stream().map(ip -> CidrBlock.parse(ip.key.cidr)).toList(),
                    key.expiresAt));
        });
    }

    private void touch(String keyId, Instant now) {
        Instant written = lastUsedWritten.get(keyId);
        if (written != null && written.plus(LAST_USED_RESOLUTION).isAfter(now)) {
            return;
        }
        lastUsedWritten.put(keyId, now);
        QuarkusTransaction.requiringNew().run(() ->
                ApiKey.update("lastUsedAt = ?1 where id = ?2", now, keyId));
    }
}
