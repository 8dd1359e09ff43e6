package dev.troco.gateway.service;

import dev.troco.events.Topics;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.notification.InvitationReason;
import dev.troco.events.notification.SendInvitation;
import dev.troco.gateway.config.GatewaySettings;
import dev.troco.gateway.domain.AllowedIp;
import dev.troco.gateway.domain.ApiKey;
import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.Company;
import dev.troco.gateway.domain.Membership;
import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.domain.Product;
import dev.troco.gateway.domain.Role;
import dev.troco.gateway.domain.UserSession;
import dev.troco.gateway.security.ApiKeyFormat;
import dev.troco.gateway.security.CidrBlock;
import dev.troco.gateway.security.SecretHashing;
import dev.troco.kit.id.Ids;
import dev.troco.kit.outbox.Outbox;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Access control as a Moderator sees it: users and their roles, API users and their permissions,
 * API keys (created and deleted only with a second factor, shown once) and the IPs allowed to use
 * each key. Every change is audited in its own transaction.
 */
@ApplicationScoped
public class AccessControl {

    public static final int ALLOWED_IPS_MAX = 50;

    private final Authentication authentication;
    private final SecretHashing hashing;
    private final AuditLog audit;
    private final GatewaySettings settings;
    private final Outbox outbox;
    private final Clock clock;

    AccessControl(Authentication authentication, SecretHashing hashing, AuditLog audit, GatewaySettings settings,
            Outbox outbox, Clock clock) {
        this.authentication = authentication;
        this.hashing = hashing;
        this.audit = audit;
        this.settings = settings;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * A person invited (or whose second factor was reset): the one-time token that activates them is mailed to
     * them alone, through the outbox and the notification-service; nobody else, the inviter included, sees it.
     */
    public record Invitation(AppUser user, Membership membership, Instant expiresAt) {
    }

    // ---- companies (platform administrator) ----

    @Transactional
    public Invitation createCompany(String name, Set<Product> products, String moderatorEmail, String moderatorName,
            String ip) {
        Company company = new Company();
        company.id = Ids.next("cmp");
        company.name = name;
        company.products = products.stream().map(Enum::name).sorted().toArray(String[]::new);
        company.createdAt = clock.instant();
        company.persist();
        AuditLog.Actor admin = new AuditLog.Actor(AuditLog.PLATFORM_ADMIN, ip);
        audit.record(admin, company.id, "company.created", company.id, false,
                Map.of("name", name, "products", List.of(company.products)));
        return invite(admin, company, moderatorEmail, moderatorName, Role.MODERATOR);
    }

    // ---- who may do what ----

    /** The company, if the user is one of its Moderators; otherwise 404 (not a member) or 403. */
    public Company requireModerator(AppUser user, String companyId) {
        Membership membership = Membership.of(user.id, companyId)
                .orElseThrow(() -> ApiException.notFound("Company " + companyId));
        if (membership.roleOrEmpty().orElse(null) != Role.MODERATOR) {
            throw new ApiException(ProblemCode.MODERATOR_REQUIRED,
                    "Only Moderators can use access control; your role in " + companyId + " is "
                            + membership.roleOrEmpty().map(Enum::name).orElse("none"));
        }
        return Company.findById(companyId);
    }

    // ---- users ----

    public List<Membership> members(String companyId) {
        return Membership.list("key.companyId = ?1 order by createdAt", companyId);
    }

    /** Invites a person; inviting a Moderator needs the acting Moderator's current TOTP code. */
    @Transactional
    public Invitation createUser(AuditLog.Actor actor, Company company, String email, String name, Role role,
            String totpCode) {
        if (role == Role.MODERATOR) {
            authentication.requireSecondFactor(actor, company.id, totpCode, "user.create_moderator");
        }
        return invite(actor, company, email, name, role);
    }

    /**
     * Removes a person or API user from the company (TOTP step-up): their sessions end at once (streams within
     * seconds), an API user's keys of this company are revoked, and someone left in no company can no longer log
     * in. A company keeps at least one Moderator.
     */
    @Transactional
    public void removeMember(AuditLog.Actor actor, Company company, String userId, String totpCode) {
        AppUser user = memberUser(company, userId);
        Membership membership = Membership.of(userId, company.id).orElseThrow();
        requireAnotherModerator(company, membership);
        authentication.requireSecondFactor(actor, company.id, totpCode, "user.remove");
        membership.delete();
        int keys = 0;
        if (user.isApiUser()) {
            for (ApiKey key : ApiKey.<ApiKey>list("userId = ?1 and companyId = ?2 and revokedAt is null", userId,
                    company.id)) {
                key.revokedAt = clock.instant();
                keys++;
            }
        }
        int sessions = endSessions(userId);
        if (Membership.count("key.userId", userId) == 0) {
            user.passwordHash = null;
            user.totpSecretEncrypted = null;
            user.invitationHash = null;
            user.invitationExpiresAt = null;
        }
        audit.record(actor, company.id, "user.removed", userId, true,
                Map.of("email", user.email, "sessionsEnded", sessions, "keysRevoked", keys));
    }

    /** Ends every session of a person of the company (TOTP step-up), e.g. after a lost laptop. */
    @Transactional
    public int revokeSessions(AuditLog.Actor actor, Company company, String userId, String totpCode) {
        memberUser(company, userId);
        authentication.requireSecondFactor(actor, company.id, totpCode, "user.sessions_revoke");
        int sessions = endSessions(userId);
        audit.record(actor, company.id, "user.sessions_revoked", userId, true, Map.of("sessionsEnded", sessions));
        return sessions;
    }

    /**
     * A person lost their authenticator: a Moderator (TOTP step-up) resets it. Their sessions end, their TOTP
     * seed and password are cleared, and they get a new invitation to set both again.
     */
    @Transactional
    public Invitation resetSecondFactor(AuditLog.Actor actor, Company company, String userId, String totpCode) {
        AppUser user = memberUser(company, userId);
        if (user.isApiUser()) {
            throw new ApiException(ProblemCode.CONFLICT, "API users have no second factor; rotate their keys instead");
        }
        if (user.id.equals(actor.userId())) {
            throw new ApiException(ProblemCode.CONFLICT, "Another Moderator must reset your second factor");
        }
        authentication.requireSecondFactor(actor, company.id, totpCode, "user.totp_reset");
        endSessions(userId);
        Authentication.Token token = authentication.newToken("inv");
        user.passwordHash = null;
        user.totpSecretEncrypted = null;
        user.totpLastStep = 0;
        user.invitationHash = token.hash();
        user.invitationExpiresAt = clock.instant().plus(settings.invitationTtl());
        audit.record(actor, company.id, "user.totp_reset", userId, true, Map.of("email", user.email));
        Membership membership = Membership.of(userId, company.id).orElseThrow();
        mailInvitation(actor, company, user, membership, token, InvitationReason.SECOND_FACTOR_RESET);
        return new Invitation(user, membership, user.invitationExpiresAt);
    }

    private int endSessions(String userId) {
        return (int) UserSession.delete("userId", userId);
    }

    private static void requireAnotherModerator(Company company, Membership membership) {
        if (membership.roleOrEmpty().orElse(null) == Role.MODERATOR
                && Membership.count("key.companyId = ?1 and role = 'MODERATOR'", company.id) <= 1) {
            throw new ApiException(ProblemCode.CONFLICT, "A company keeps at least one Moderator");
        }
    }

    @Transactional
    public AppUser createApiUser(AuditLog.Actor actor, Company company, String email, String name,
            Collection<Permission> permissions) {
        Set<Permission> granted = grantable(company, permissions);
        requireFreeEmail(email);
        AppUser user = newUser(AppUser.Kind.API, email, name, actor.userId());
        user.persist();
        Membership membership = newMembership(user.id, company.id, null, granted);
        membership.persist();
        audit.record(actor, company.id, "api_user.created", user.id, false,
                Map.of("email", email, "permissions", apiNames(granted)));
        return user;
    }

    @Transactional
    public Membership setPermissions(AuditLog.Actor actor, Company company, String userId,
            Collection<Permission> permissions, String totpCode) {
        AppUser user = memberUser(company, userId);
        if (!user.isApiUser()) {
            throw new ApiException(ProblemCode.CONFLICT, "Permissions are granted to API users; people have roles");
        }
        Set<Permission> granted = grantable(company, permissions);
        authentication.requireSecondFactor(actor, company.id, totpCode, "api_user.permissions_change");
        Membership membership = Membership.of(userId, company.id).orElseThrow();
        Set<Permission> before = membership.grantedPermissions();
        membership.permissions = granted.stream().map(Enum::name).toArray(String[]::new);
        audit.record(actor, company.id, "api_user.permissions_changed", userId, true,
                Map.of("before", apiNames(before), "after", apiNames(granted)));
        return membership;
    }

    @Transactional
    public Membership setRole(AuditLog.Actor actor, Company company, String userId, Role role, String totpCode) {
        AppUser user = memberUser(company, userId);
        if (user.isApiUser()) {
            throw new ApiException(ProblemCode.CONFLICT, "API users have permissions, not roles");
        }
        Membership membership = Membership.of(userId, company.id).orElseThrow();
        Role before = membership.roleOrEmpty().orElse(null);
        if (role != Role.MODERATOR) {
            requireAnotherModerator(company, membership);
        }
        authentication.requireSecondFactor(actor, company.id, totpCode, "user.role_change");
        membership.role = role.name();
        audit.record(actor, company.id, "user.role_changed", userId, true,
                Map.of("before", String.valueOf(before), "after", role.name()));
        return membership;
    }

    // ---- API keys ----

    /** A key as it is shown exactly once, at creation. */
    public record NewKey(ApiKey key, String secret, List<String> allowedIps) {
    }

    @Transactional
    public NewKey createKey(AuditLog.Actor actor, Company company, String apiUserId, Environment environment,
            List<String> allowedIps, String totpCode) {
        AppUser user = memberUser(company, apiUserId);
        if (!user.isApiUser()) {
            throw new ApiException(ProblemCode.CONFLICT, "API keys belong to API users; " + apiUserId + " is a person");
        }
        List<CidrBlock> blocks = parseAllowedIps(allowedIps);
        authentication.requireSecondFactor(actor, company.id, totpCode, "api_key.create");
        NewKey created = issueKey(actor, company, apiUserId, environment, blocks);
        audit.record(actor, company.id, "api_key.created", created.key().id, true,
                Map.of("apiUser", apiUserId, "environment", environment.name(), "prefix", created.key().prefix,
                        "lastChars", created.key().lastChars, "allowedIps", created.allowedIps()));
        return created;
    }

    public List<ApiKey> keys(Company company, String apiUserId) {
        memberUser(company, apiUserId);
        return ApiKey.list("userId = ?1 and companyId = ?2 order by createdAt", apiUserId, company.id);
    }

    @Transactional
    public ApiKey revokeKey(AuditLog.Actor actor, Company company, String apiUserId, String keyId, String totpCode) {
        ApiKey key = liveKey(company, apiUserId, keyId);
        authentication.requireSecondFactor(actor, company.id, totpCode, "api_key.delete");
        key.revokedAt = clock.instant();
        audit.record(actor, company.id, "api_key.deleted", keyId, true,
                Map.of("apiUser", apiUserId, "prefix", key.prefix, "lastChars", key.lastChars));
        return key;
    }

    /** A new key with the same environment and allowed IPs; the old one works until {@code overlap} has passed. */
    @Transactional
    public NewKey rotateKey(AuditLog.Actor actor, Company company, String apiUserId, String keyId, Duration overlap,
            String totpCode) {
        if (overlap.isNegative() || overlap.compareTo(settings.rotationOverlapMax()) > 0) {
            throw ApiException.invalidField("oldKeyExpiresInSeconds", "range",
                    "must be between 0 and " + settings.rotationOverlapMax().toSeconds());
        }
        ApiKey old = liveKey(company, apiUserId, keyId);
        authentication.requireSecondFactor(actor, company.id, totpCode, "api_key.rotate");
        List<CidrBlock> blocks = AllowedIp.ofKey(keyId).stream().map(ip -> CidrBlock.parse(ip.key.cidr)).toList();
        NewKey created = issueKey(actor, company, apiUserId, Environment.valueOf(old.environment), blocks);
        Instant oldExpiry = clock.instant().plus(overlap);
        old.expiresAt = old.expiresAt == null || oldExpiry.isBefore(old.expiresAt) ? oldExpiry : old.expiresAt;
        audit.record(actor, company.id, "api_key.rotated", keyId, true,
                Map.of("apiUser", apiUserId, "newKey", created.key().id, "oldKeyExpiresAt", old.expiresAt.toString()));
        return created;
    }

    public List<AllowedIp> allowedIps(Company company, String apiUserId, String keyId) {
        liveKey(company, apiUserId, keyId);
        return AllowedIp.ofKey(keyId);
    }

    @Transactional
    public AllowedIp allowIp(AuditLog.Actor actor, Company company, String apiUserId, String keyId, String cidr,
            String totpCode) {
        liveKey(company, apiUserId, keyId);
        CidrBlock block = parseAllowedIps(List.of(cidr)).get(0);
        authentication.requireSecondFactor(actor, company.id, totpCode, "api_key.ip_allow");
        if (AllowedIp.count("key.keyId", keyId) >= ALLOWED_IPS_MAX) {
            throw new ApiException(ProblemCode.CONFLICT, "A key allows at most " + ALLOWED_IPS_MAX + " addresses");
        }
        AllowedIp existing = AllowedIp.findById(new AllowedIp.Key(keyId, block.toString()));
        if (existing != null) {
            return existing;
        }
        AllowedIp ip = newAllowedIp(keyId, block, actor.userId());
        ip.persist();
        audit.record(actor, company.id, "api_key.ip_allowed", keyId, true, Map.of("cidr", block.toString()));
        return ip;
    }

    @Transactional
    public void disallowIp(AuditLog.Actor actor, Company company, String apiUserId, String keyId, String cidr) {
        liveKey(company, apiUserId, keyId);
        CidrBlock block;
        try {
            block = CidrBlock.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Allowed IP " + cidr);
        }
        AllowedIp ip = AllowedIp.findById(new AllowedIp.Key(keyId, block.toString()));
        if (ip == null) {
            throw ApiException.notFound("Allowed IP " + cidr);
        }
        if (AllowedIp.count("key.keyId", keyId) <= 1) {
            throw new ApiException(ProblemCode.CONFLICT,
                    "A key keeps at least one allowed IP; delete the key instead, or allow another IP first");
        }
        ip.delete();
        audit.record(actor, company.id, "api_key.ip_removed", keyId, false, Map.of("cidr", block.toString()));
    }

    // ---- internals ----

    private NewKey issueKey(AuditLog.Actor actor, Company company, String apiUserId, Environment environment,
            List<CidrBlock> blocks) {
        String secret = ApiKeyFormat.generate(environment);
        ApiKey key = new ApiKey();
        key.id = Ids.next("key");
        key.userId = apiUserId;
        key.companyId = company.id;
        key.environment = environment.name();
        key.secretHash = hashing.hash(secret);
        key.prefix = ApiKeyFormat.prefix(environment);
        key.lastChars = ApiKeyFormat.lastChars(secret);
        key.createdAt = clock.instant();
        key.createdBy = actor.userId();
        key.persist();
        List<String> cidrs = new ArrayList<>();
        for (CidrBlock block : blocks) {
            newAllowedIp(key.id, block, actor.userId()).persist();
            cidrs.add(block.toString());
        }
        return new NewKey(key, secret, cidrs);
    }

    private AllowedIp newAllowedIp(String keyId, CidrBlock block, String by) {
        AllowedIp ip = new AllowedIp();
        ip.key = new AllowedIp.Key(keyId, block.toString());
        ip.createdAt = clock.instant();
        ip.createdBy = by;
        return ip;
    }

    private static List<CidrBlock> parseAllowedIps(List<String> allowedIps) {
        if (allowedIps == null || allowedIps.isEmpty()) {
            throw ApiException.invalidField("allowedIps", "required",
                    "at least one allowed IP address or CIDR range is required to create a key");
        }
        if (allowedIps.size() > ALLOWED_IPS_MAX) {
            throw ApiException.invalidField("allowedIps", "size", "at most " + ALLOWED_IPS_MAX + " entries");
        }
        Set<CidrBlock> blocks = new LinkedHashSet<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < allowedIps.size(); i++) {
            try {
                CidrBlock block = CidrBlock.parse(allowedIps.get(i));
                if (block.prefixLength() == 0) {
                    errors.add(new Problem.FieldError("allowedIps[" + i + "]", "allows_everyone",
                            "allows every address on the internet; name your servers' addresses or ranges"));
                    continue;
                }
                blocks.add(block);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("allowedIps[" + i + "]", "invalid_ip", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, "The request has invalid fields", errors);
        }
        return List.copyOf(blocks);
    }

    private ApiKey liveKey(Company company, String apiUserId, String keyId) {
        ApiKey key = ApiKey.findById(keyId);
        if (key == null || !key.companyId.equals(company.id) || !key.userId.equals(apiUserId)
                || key.revokedAt != null) {
            throw ApiException.notFound("API key " + keyId);
        }
        return key;
    }

    private AppUser memberUser(Company company, String userId) {
        if (Membership.of(userId, company.id).isEmpty()) {
            throw ApiException.notFound("User " + userId);
        }
        return AppUser.findById(userId);
    }

    private Set<Permission> grantable(Company company, Collection<Permission> permissions) {
        Set<Product> purchased = company.purchased();
        Set<Permission> granted = permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions);
        for (Permission permission : granted) {
            if (!permission.isAvailableWith(purchased)) {
                throw new ApiException(ProblemCode.PRODUCT_NOT_PURCHASED, "Permission " + permission.apiName()
                        + " needs a product the company has not purchased (it has " + purchased + ")");
            }
        }
        return granted;
    }

    private Invitation invite(AuditLog.Actor actor, Company company, String email, String name, Role role) {
        requireFreeEmail(email);
        requireInvitationsLeft(company);
        AppUser user = newUser(AppUser.Kind.HUMAN, email, name, actor.userId());
        Authentication.Token token = authentication.newToken("inv");
        user.invitationHash = token.hash();
        user.invitationExpiresAt = clock.instant().plus(settings.invitationTtl());
        user.persist();
        Membership membership = newMembership(user.id, company.id, role, Set.of());
        membership.persist();
        audit.record(actor, company.id, "user.created", user.id, false,
                Map.of("email", email, "role", role.name()));
        mailInvitation(actor, company, user, membership, token, InvitationReason.INVITED);
        return new Invitation(user, membership, user.invitationExpiresAt);
    }

    /**
     * Troco mails whatever address a Moderator types, so a company invites at most
     * {@code troco.gateway.invitations-per-company-per-day} people a day: invitations cannot mail strangers in bulk.
     */
    private void requireInvitationsLeft(Company company) {
        long invited = Membership.count("key.companyId = ?1 and createdAt > ?2 "
                + "and key.userId in (select u.id from AppUser u where u.kind = ?3)", company.id,
                clock.instant().minus(Duration.ofDays(1)), AppUser.Kind.HUMAN.name());
        if (invited >= settings.invitationsPerCompanyPerDay()) {
            throw ApiException.retryAfter(ProblemCode.QUOTA_EXCEEDED, "A company invites at most "
                    + settings.invitationsPerCompanyPerDay() + " people a day; try again later", 3600);
        }
    }

    /** Queues the invitation's e-mail with the change that made it: sent if and only if the invitation commits. */
    private void mailInvitation(AuditLog.Actor actor, Company company, AppUser user, Membership membership,
            Authentication.Token token, InvitationReason reason) {
        outbox.publish(Topics.NOTIFICATION_COMMANDS, SendInvitation.newBuilder()
                .setMeta(CommandMetadata.newBuilder()
                        .setCommandId(Ids.uuid7())
                        .setIssuedAt(clock.instant())
                        .setMerchantId(company.id)
                        .setEnvironment(Environment.PRODUCTION)
                        .setAggregateId(user.id)
                        .setActor(actor.userId())
                        .build())
                .setEmail(user.email)
                .setName(user.name)
                .setCompanyName(company.name)
                .setRole(membership.role)
                .setReason(reason)
                .setInvitationToken(token.value())
                .setExpiresAt(user.invitationExpiresAt)
                .build());
    }

    private AppUser newUser(AppUser.Kind kind, String email, String name, String createdBy) {
        AppUser user = new AppUser();
        user.id = Ids.next("usr");
        user.kind = kind.name();
        user.email = email;
        user.name = name;
        user.createdAt = clock.instant();
        user.createdBy = createdBy;
        return user;
    }

    private Membership newMembership(String userId, String companyId, Role role, Set<Permission> permissions) {
        Membership membership = new Membership();
        membership.key = new Membership.Key(userId, companyId);
        membership.role = role == null ? null : role.name();
        membership.permissions = permissions.stream().map(Enum::name).toArray(String[]::new);
        membership.createdAt = clock.instant();
        return membership;
    }

    private static void requireFreeEmail(String email) {
        if (AppUser.findByEmail(email).isPresent()) {
            throw new ApiException(ProblemCode.CONFLICT, "A user with this e-mail already exists");
        }
    }

    private static List<String> apiNames(Set<Permission> permissions) {
        return permissions.stream().map(Permission::apiName).toList();
    }
}
