package dev.troco.gateway.service;

import dev.troco.gateway.config.GatewaySettings;
import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.UserSession;
import dev.troco.gateway.security.PasswordHasher;
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

    Authentication(SecretBox secretBox, SecretHashing hashing, GatewaySettings settings, AuditLog audit, Clock clock,
            EntityManager entityManager) {
        this.secretBox = secretBox;
        this.hashing = hashing;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
        this.entityManager = entityManager;
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
        user.passwordHash = PasswordHasher.hash(password);
        user.totpSecretEncrypted = secretBox.seal(secret, TOTP_PURPOSE + user.id);
        user.totpLastStep = 0;
        user.invitationHash = null;
        user.invitationExpiresAt = null;
        audit.record(new AuditLog.Actor(user.id, ip), null, "user.activated", user.id, false, Map.of());
        return new Enrollment(user.id, Totp.base32(secret), Totp.provisioningUri(secret, ISSUER, user.email));
    }

    public record Session(String token, Instant expiresAt, String userId) {
    }

    /** Logs a person in; every failure looks the same to the caller, and is audited. */
    public Session login(String email, String password, String totpCode, String ip) {
        AppUser user = AppUser.findByEmail(email).orElse(null);
        boolean passwordOk = PasswordHasher.verify(password, user == null || user.passwordHash == null
                ? DUMMY_HASH : user.passwordHash);
        if (user == null || user.isApiUser() || !user.isActive() || !passwordOk) {
            LOG.infof("failed login from %s (%s)", ip, user == null ? "unknown e-mail"
                    : user.isApiUser() ? "API user " + user.id : "user " + user.id);
            throw new ApiException(ProblemCode.INVALID_CREDENTIALS, "E-mail, password or two-factor code is wrong");
        }
        if (!acceptSecondFactor(user.id, totpCode)) {
            LOG.infof("failed login from %s (user %s: two-factor code)", ip, user.id);
            throw new ApiException(ProblemCode.INVALID_CREDENTIALS, "E-mail, password or two-factor code is wrong");
        }
        Token token = newToken("tss");
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            UserSession session = new UserSession();
            session.tokenHash = token.hash();
            session.userId = user.id;
            session.createdAt = now;
            session.expiresAt = now.plus(settings.sessionTtl());
            session.ip = ip;
            session.persist();
            audit.record(new AuditLog.Actor(user.id, ip), null, "user.logged_in", user.id, true, Map.of());
        });
        return new Session(token.value(), now.plus(settings.sessionTtl()), user.id);
    }

    /** The user of a live session. */
    public AppUser userOfSession(String bearerToken) {
        if (bearerToken == null || !bearerToken.startsWith("tss_")) {
            throw new ApiException(ProblemCode.INVALID_SESSION, "Send the session token as Authorization: Bearer tss_...");
        }
        UserSession session = UserSession.findById(hashing.hash(bearerToken));
        if (session == null || !clock.instant().isBefore(session.expiresAt)) {
            throw new ApiException(ProblemCode.INVALID_SESSION, "The session is unknown or expired; log in again");
        }
        return AppUser.findById(session.userId);
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

    /** The second factor for a sensitive action, or 403 invalid_totp. */
    public void requireSecondFactor(String userId, String code) {
        if (!acceptSecondFactor(userId, code)) {
            throw new ApiException(ProblemCode.INVALID_TOTP,
                    "A valid, unused two-factor code (totpCode) is required for this action");
        }
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
