package dev.troco.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.troco.gateway.domain.AllowedIp;
import dev.troco.gateway.domain.ApiKey;
import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.AuditEntry;
import dev.troco.gateway.domain.Membership;
import dev.troco.gateway.domain.Permission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the access-control API answers. Secrets appear only in the one answer that creates them. */
public final class AccessControlViews {

    private AccessControlViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserView(String id, String kind, String email, String name, String role, List<String> permissions,
            boolean active, Instant createdAt) {

        static UserView of(AppUser user, Membership membership) {
            return new UserView(user.id, user.kind, user.email, user.name, membership.role,
                    user.isApiUser() ? membership.grantedPermissions().stream().map(Permission::apiName).toList() : null,
                    user.isApiUser() || user.isActive(), user.createdAt);
        }
    }

    /**
     * A person invited: the one-time token that activates them is e-mailed to {@code invitationSentTo} alone and is
     * never in an answer.
     */
    public record InvitationView(UserView user, String invitationSentTo, Instant invitationExpiresAt) {

        static InvitationView of(dev.troco.gateway.service.AccessControl.Invitation invitation) {
            return new InvitationView(UserView.of(invitation.user(), invitation.membership()),
                    invitation.user().email, invitation.expiresAt());
        }
    }

    public record KeyView(String id, String environment, String prefix, String lastChars, Instant createdAt,
            String createdBy,
            @Schema(nullable = true, description = "When the key last authenticated a call; null if never")
            Instant lastUsedAt,
            @Schema(nullable = true, description = "When the key stops working (set by a rotation); null if never")
            Instant expiresAt,
            @Schema(nullable = true, description = "When the key was deleted; null while it is live") Instant revokedAt) {

        static KeyView of(ApiKey key) {
            return new KeyView(key.id, key.environment, key.prefix, key.lastChars, key.createdAt, key.createdBy,
                    key.lastUsedAt, key.expiresAt, key.revokedAt);
        }
    }

    /** The answer that creates a key: the only time {@code secret} is ever shown. */
    public record NewKeyView(String id, String secret, String environment, String prefix, String lastChars,
            List<String> allowedIps, Instant createdAt, String warning) {
    }

    public record AllowedIpView(String cidr, Instant createdAt, String createdBy) {

        static AllowedIpView of(AllowedIp ip) {
            return new AllowedIpView(ip.key.cidr, ip.createdAt, ip.createdBy);
        }
    }

    public record AuditView(String id, String companyId, String actorId, String action, String targetId, String ip,
            boolean with2fa, Map<String, Object> details, Instant at) {

        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.id, entry.companyId, entry.actorId, entry.action, entry.targetId, entry.ip,
                    entry.with2fa, entry.details, entry.at);
        }
    }

    /** A page of a list: {@code data} and whether more follow (cursor: the last item's id). */
    public record Page<T>(List<T> data, boolean hasMore) {
    }
}
