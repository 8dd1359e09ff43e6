package dev.troco.gateway.service;

import dev.troco.gateway.config.GatewaySettings;
import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.Membership;
import dev.troco.gateway.domain.UserSession;
import dev.troco.gateway.security.AuthenticationThrottle;
import dev.troco.gateway.security.PasswordHasher;
import dev.troco.gateway.security.PasswordHashingPool;
import dev.troco.kit.crypto.SecretBox;
import dev.troco.gateway.security.SecretHashing;
import dev.troco.gateway.security.Totp;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * People's credentials: activation of an invited user (password and TOTP enrollment), login with
 * e-mail, password and a TOTP code, sessions, and the second factor asked again for sensitive
 * actions. API users have no password and can never log in.
 */
@ApplicationScoped
public class Authentication {

    private static final Logger LOG = Logger.getLogger(Authentication.class);
    static final String TOTP_PURPOSE = "totp-secret:";
    private static final String ISSUER = "Troco";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Verified against when the e-mail is unknown, so timing does not reveal which e-mails exist. */
    private static final String DUMMY_HASH = PasswordHasher.hash("not-a-real-password-at-all");

    private final SecretBox secretBox;
    private final SecretHashing hashing;
    private final GatewaySettings settings;
    private final AuditLog audit;
    private final Clock clock;
    private final EntityManager entityManager;
    private final AuthenticationThrottle throttle;
    private final PasswordHashingPool hashingPool;

    Authentication(SecretBox secretBox, SecretHashing hashing, GatewaySettings settings, AuditLog audit, Clock clock,
            EntityManager entityManager, AuthenticationThrottle throttle, PasswordHashingPool hashingPool) {
        this.secretBox = secretBox;
        this.hashing = hashing;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
        this.entityManager = entityManager;
        this.throttle = throttle;
        this.hashingPool = hashingPool;
    }

    /** A new one-time token and its hash, for invitations and sessions. */
    public record Token(String value, String hash) {
    }

    public Token newToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Token(value, hashing.hash(value));
    }

    /** What an activated user must put in an authenticator app: shown once. */
    public record Enrollment(String userId, String totpSecret, String otpauthUri) {
    }

    @Transactional
    public Enrollment activate(String invitationToken, String password, String ip) {
        AppUser user = AppUser.<AppUser>find("invitationHash", hashing.hash(invitationToken)).firstResultOptional()
                .filter(u -> u.invitationExpiresAt != null && clock.instant().isBefore(u.invitationExpiresAt))
                .orElseThrow(() -> new ApiException(ProblemCode.NOT_FOUND, "The invitation is unknown or expired"));
        checkPassword(password);
        byte[] secret = Totp.newSecret();
        user.passwordHash = hashingPool.run(() -> PasswordHasher.hash(password));
        user.totpSecretEncrypted = secretBox.seal(secret, TOTP_PURPOSE + user.id);
        user.totpLastStep = 0;
        user.invitationHash = null;
        user.invitationExpiresAt = null;
        audit.record(new AuditLog.Actor(user.id, ip), null, "user.activated", user.id, false, Map.of());
        return new Enrollment(user.id, Totp.base32(secret), Totp.provisioningUri(secret, ISSUER, user.email));
    }

    public record Session(String token, Instant expiresAt, String userId) {
    }

    /**
     * Logs a person in; every failure looks the same to the caller and counts against both the address and the
     * e-mail (known or not, so lockouts do not reveal which e-mails exist). A locked-out address or e-mail is
     * answered 429 before any password is hashed.
     */
    public Session login(String email, String password, String totpCode, String ip) {
        throttle.refuseIfLockedOut(ip, email);
        AppUser user = AppUser.findByEmail(email).orElse(null);
        String storedHash = user == null || user.passwordHash == null ? DUMMY_HASH : user.passwordHash;
        boolean passwordOk = hashingPool.run(() -> PasswordHasher.verify(password, storedHash));
        if (user == null || user.isApiUser() || !user.isActive() || !passwordOk) {
            LOG.infof("failed login from %s (%s)", ip, user == null ? "unknown e-mail"
                    : user.isApiUser() ? "API user " + user.id : "user " + user.id);
            throttle.failed(ip, email);
            throw new ApiException(ProblemCode.INVALID_CREDENTIALS, "E-mail, password or two-factor code is wrong");
        }
        if (!acceptSecondFactor(user.id, totpCode)) {
            LOG.infof("failed login from %s (user %s: two-factor code)", ip, user.id);
            auditFailedSecondFactor(new AuditLog.Actor(user.id, ip), null, "login");
            throttle.failed(ip, email);
            throw new ApiException(ProblemCode.INVALID_CREDENTIALS, "E-mail, password or two-factor code is wrong");
        }
        throttle.succeeded(email);
        Token token = newToken("tss");
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            UserSession session = new UserSession();
            session.tokenHash = token.hash();
            session.userId = user.id;
            session.createdAt = now;
            session.expiresAt = now.plus(settings.sessionTtl());
            session.lastSeenAt = now;
            session.ip = ip;
            session.persist();
            audit.record(new AuditLog.Actor(user.id, ip), null, "user.logged_in", user.id, true, Map.of());
        });
        return new Session(token.value(), now.plus(settings.sessionTtl()), user.id);
    }

    /**
     * The user of a live session: known, within its absolute lifetime, and used within the idle timeout (its last
     * use is written at most once a minute). An unknown or ended token counts as a failed authentication of
     * {@code clientIp}, so session tokens cannot be guessed at speed either.
     */
    public AppUser userOfSession(String bearerToken, String clientIp) {
        throttle.refuseIfBlocked(clientIp);
        if (bearerToken == null || !bearerToken.startsWith("tss_")) {
            throttle.failed(clientIp, null);
            throw new ApiException(ProblemCode.INVALID_SESSION, "Send the session token as Authorization: Bearer tss_...");
        }
        String tokenHash = hashing.hash(bearerToken);
        UserSession session = UserSession.findById(tokenHash);
        Instant now = clock.instant();
        if (session == null) {
            throttle.failed(clientIp, null);
            throw new ApiException(ProblemCode.INVALID_SESSION, "The session is unknown or expired; log in again");
        }
        if (!now.isBefore(session.expiresAt) || idleSince(session, now)) {
            QuarkusTransaction.requiringNew().run(() -> UserSession.deleteById(tokenHash));
            throw new ApiException(ProblemCode.INVALID_SESSION, "The session has expired; log in again");
        }
        if (session.lastSeenAt == null || session.lastSeenAt.isBefore(now.minusSeconds(60))) {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("UPDATE user_session SET last_seen_at = ?1 WHERE token_hash = ?2")
                    .setParameter(1, now).setParameter(2, tokenHash).executeUpdate());
        }
        return AppUser.findById(session.userId);
    }

    /**
     * Which of these sessions (by token hash) are still live at {@code now}, for streams that outlive their opening.
     * A stream's own traffic does not count as use: a browser tab left open still ends at the idle timeout.
     */
    public Set<String> liveSessions(Collection<String> tokenHashes, Instant now) {
        if (tokenHashes.isEmpty()) {
            return Set.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> UserSession.<UserSession>list("tokenHash in ?1",
                        tokenHashes).stream()
                .filter(s -> now.isBefore(s.expiresAt) && !idleSince(s, now))
                .map(s -> s.tokenHash)
                .collect(Collectors.toSet()));
    }

    /** The hash under which a session token is kept. */
    public String sessionHash(String bearerToken) {
        return hashing.hash(bearerToken);
    }

    private boolean idleSince(UserSession session, Instant now) {
        Instant lastSeen = session.lastSeenAt == null ? session.createdAt : session.lastSeenAt;
        return !now.isBefore(lastSeen.plus(settings.sessionIdleTimeout()));
    }

    @Transactional
    public void logout(String bearerToken) {
        UserSession.deleteById(hashing.hash(bearerToken));
    }

    /**
     * Checks a TOTP code of the user and burns its time step, so the same code is never accepted
     * twice, even by two requests racing each other (the step only moves forward, in one UPDATE).
     */
    public boolean acceptSecondFactor(String userId, String code) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AppUser user = AppUser.findById(userId);
            if (user == null || user.totpSecretEncrypted == null) {
                return false;
            }
            byte[] secret = secretBox.open(user.totpSecretEncrypted, TOTP_PURPOSE + user.id);
            OptionalLong step = Totp.verify(secret, code, clock.instant(), user.totpLastStep);
            if (step.isEmpty()) {
                return false;
            }
            int updated = entityManager.createNativeQuery(
                            "UPDATE app_user SET totp_last_step = ?1 WHERE id = ?2 AND totp_last_step < ?1")
                    .setParameter(1, step.getAsLong())
                    .setParameter(2, userId)
                    .executeUpdate();
            return updated == 1;
        });
    }

    /**
     * The second factor for a sensitive action ({@code action}, as the audit log names it), or 403 invalid_totp.
     * A wrong code is audited for the company and counts against the person's account and address: after
     * {@code troco.gateway.rate-limit.account-failures} of them the person gets 429 until the window passes.
     */
    public void requireSecondFactor(AuditLog.Actor actor, String companyId, String code, String action) {
        AppUser user = AppUser.findById(actor.userId());
        String account = user == null ? actor.userId() : user.email;
        throttle.refuseIfLockedOut(actor.ip(), account);
        if (!acceptSecondFactor(actor.userId(), code)) {
            LOG.infof("wrong second factor from %s (user %s, %s)", actor.ip(), actor.userId(), action);
            auditFailedSecondFactor(actor, companyId, action);
            throttle.failed(actor.ip(), account);
            throw new ApiException(ProblemCode.INVALID_TOTP,
                    "A valid, unused two-factor code (totpCode) is required for this action");
        }
    }

    /** Written in a transaction of its own: the refused action's transaction rolls back, the record must stay. */
    private void auditFailedSecondFactor(AuditLog.Actor actor, String companyId, String action) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<String> companies = companyId != null ? List.of(companyId)
                    : Membership.<Membership>list("key.userId", actor.userId()).stream().map(m -> m.key.companyId).toList();
            for (String company : companies) {
                audit.record(actor, company, "user.second_factor_failed", actor.userId(), false,
                        Map.of("action", action));
            }
        });
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < PasswordHasher.PASSWORD_LENGTH_MIN
                || password.length() > PasswordHasher.PASSWORD_LENGTH_MAX) {
            throw ApiException.invalidField("password", "length",
                    "must have " + PasswordHasher.PASSWORD_LENGTH_MIN + " to " + PasswordHasher.PASSWORD_LENGTH_MAX
                            + " characters");
        }
    }
}
