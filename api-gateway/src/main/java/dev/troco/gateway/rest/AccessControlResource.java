package dev.troco.gateway.rest;

import dev.troco.events.common.Environment;
import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.Company;
import dev.troco.gateway.domain.Membership;
import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.domain.Role;
import dev.troco.gateway.rest.AccessControlViews.AllowedIpView;
import dev.troco.gateway.rest.AccessControlViews.AuditView;
import dev.troco.gateway.rest.AccessControlViews.InvitationView;
import dev.troco.gateway.rest.AccessControlViews.KeyView;
import dev.troco.gateway.rest.AccessControlViews.NewKeyView;
import dev.troco.gateway.rest.AccessControlViews.Page;
import dev.troco.gateway.rest.AccessControlViews.UserView;
import dev.troco.gateway.security.CallerAddress;
import dev.troco.gateway.service.AccessControl;
import dev.troco.gateway.service.AuditLog;
import dev.troco.gateway.service.Authentication;
import dev.troco.kit.problem.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Access control of a company, for its Moderators only (seeds 000 and 001): people and their
 * roles, API users and their permissions, API keys and the IPs allowed to use them, the audit log.
 * Authenticated by a dashboard session ({@code Authorization: Bearer tss_...}).
 */
@Path("/v1/companies/{companyId}")
@Tag(name = "Access control", description = "Moderators manage users, API users, permissions, API keys and allowed IPs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.SESSION)
public class AccessControlResource {

    private static final String TOTP_HEADER = "Troco-Totp-Code";
    private static final int PAGE_LIMIT_MAX = 100;

    private final AccessControl accessControl;
    private final Authentication authentication;
    private final AuditLog audit;
    private final CallerAddress caller;

    AccessControlResource(AccessControl accessControl, Authentication authentication, AuditLog audit,
            CallerAddress caller) {
        this.accessControl = accessControl;
        this.authentication = authentication;
        this.audit = audit;
        this.caller = caller;
    }

    /** The Moderator acting, the company and the caller's address, or 401/403/404. */
    private record Moderation(AuditLog.Actor actor, Company company) {
    }

    private Moderation moderator(String authorization, String companyId, @Context HttpServerRequest http) {
        String clientIp = caller.of(http);
        AppUser user = authentication.userOfSession(Bearer.token(authorization), clientIp);
        Company company = accessControl.requireModerator(user, companyId);
        return new Moderation(new AuditLog.Actor(user.id, clientIp), company);
    }

    // ---- users ----

    @GET
    @Path("/users")
    @Operation(operationId = "listUsers", summary = "List the company's people and API users")
    public Page<UserView> users(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @Context HttpServerRequest http) {
        moderator(authorization, companyId, http);
        List<UserView> users = new ArrayList<>();
        for (Membership membership : accessControl.members(companyId)) {
            users.add(UserView.of(AppUser.findById(membership.key.userId), membership));
        }
        return new Page<>(users, false);
    }

    public record CreateUserRequest(@NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 200) String name, @NotNull Role role, @Size(max = 10) String totpCode) {
    }

    @POST
    @Path("/users")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"email": "finance@loja.example", "name": "Bruno Lima", "role": "MODERATOR", "totpCode": "492039"}""")))
    @Operation(operationId = "inviteUser", summary = "Invite a person with a role (Moderator, Write or View)",
            description = "Troco e-mails the person the one-time invitation token they activate with "
                    + "(POST /v1/auth/activate); the token is never in the answer. Inviting a MODERATOR needs your "
                    + "current TOTP code (totpCode); WRITE and VIEW do not. A company invites at most 50 people a day.")
    @APIResponseSchema(value = InvitationView.class, responseCode = "201",
            responseDescription = "Invited: the invitation is on its way to invitationSentTo")
    @APIResponse(responseCode = "409", description = "conflict: a user with this e-mail already exists")
    @APIResponse(responseCode = "429", description = "quota_exceeded: the company invited 50 people within a day; "
            + "or too many failed attempts. Retry-After says when")
    public Response createUser(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @Valid @NotNull CreateUserRequest request,
            @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        AccessControl.Invitation invitation = accessControl.createUser(m.actor(), m.company(), request.email(),
                request.name(), request.role(), request.totpCode());
        return Response.status(201).entity(InvitationView.of(invitation)).build();
    }

    @DELETE
    @Path("/users/{userId}")
    @Operation(operationId = "removeUser", summary = "Remove a person or API user from the company",
            description = "Needs your current TOTP code in the Troco-Totp-Code header. Their sessions end at once "
                    + "(open live streams within seconds), an API user's keys are revoked, and someone left in no "
                    + "company can no longer log in. The last Moderator cannot be removed.")
    @APIResponse(responseCode = "204", description = "Removed: their sessions ended, an API user's keys revoked")
    @APIResponse(responseCode = "409", description = "conflict: the company keeps at least one Moderator")
    public Response removeUser(@HeaderParam("Authorization") String authorization,
            @HeaderParam(TOTP_HEADER) String totpCode, @PathParam("companyId") String companyId,
            @PathParam("userId") String userId, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        accessControl.removeMember(m.actor(), m.company(), userId, totpCode);
        return Response.noContent().build();
    }

    public record SessionsRevoked(String userId, int sessionsEnded) {
    }

    @DELETE
    @Path("/users/{userId}/sessions")
    @Operation(operationId = "endUserSessions", summary = "End every session of a person",
            description = "Needs your current TOTP code in the Troco-Totp-Code header; open live streams close "
                    + "within seconds. The person can log in again.")
    public SessionsRevoked revokeSessions(@HeaderParam("Authorization") String authorization,
            @HeaderParam(TOTP_HEADER) String totpCode, @PathParam("companyId") String companyId,
            @PathParam("userId") String userId, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        return new SessionsRevoked(userId, accessControl.revokeSessions(m.actor(), m.company(), userId, totpCode));
    }

    public record TotpCodeRequest(@NotBlank @Size(max = 10) String totpCode) {
    }

    @POST
    @Path("/users/{userId}/totp-reset")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"totpCode": "492039"}""")))
    @Operation(operationId = "resetUserTotp", summary = "Reset a person's lost second factor",
            description = "Needs your current TOTP code (another Moderator must reset yours). The person's sessions "
                    + "end and their password and TOTP are cleared; Troco e-mails them a new invitation they activate "
                    + "with (POST /v1/auth/activate), setting both again.")
    @APIResponseSchema(value = InvitationView.class, responseCode = "200",
            responseDescription = "A new invitation is on its way to the person")
    @APIResponse(responseCode = "409", description = "conflict: API users have no second factor; your own is reset by another Moderator")
    public Response resetTotp(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @Valid @NotNull TotpCodeRequest request, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        return Response.ok(InvitationView.of(accessControl.resetSecondFactor(m.actor(), m.company(), userId,
                request.totpCode()))).build();
    }

    public record SetRoleRequest(@NotNull Role role, @NotBlank @Size(max = 10) String totpCode) {
    }

    @PUT
    @Path("/users/{userId}/role")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"role": "VIEW", "totpCode": "492039"}""")))
    @Operation(operationId = "setUserRole",
            summary = "Change a person's role", description = "Needs your current TOTP code (totpCode).")
    @APIResponse(responseCode = "409", description = "conflict: API users have permissions, not roles; the company keeps at least one Moderator")
    @APIResponseSchema(value = UserView.class, responseCode = "200", responseDescription = "The person with the new role")
    public UserView setRole(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @Valid @NotNull SetRoleRequest request, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        Membership membership = accessControl.setRole(m.actor(), m.company(), userId, request.role(),
                request.totpCode());
        return UserView.of(AppUser.findById(userId), membership);
    }

    public record CreateApiUserRequest(@NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 200) String name, @NotNull @Size(max = 20) List<@NotBlank String> permissions) {
    }

    @POST
    @Path("/api-users")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"email": "api.loja@loja.example", "name": "API - Loja Exemplo", "permissions": ["charges:create", "transactions:read"]}""")))
    @Operation(operationId = "createApiUser",
            summary = "Create an API user (a technical user that can never log in) with permissions",
            description = "Permissions: charges:create, charges:refund, payouts:create, statement:view, kyc:documents-insert, data:collect-create, pix:keys-validate, transactions:read, notifications:manage. Only those of purchased products can be granted.")
    @APIResponseSchema(value = UserView.class, responseCode = "201", responseDescription = "The API user")
    @APIResponse(responseCode = "409", description = "conflict: a user with this e-mail already exists")
    public Response createApiUser(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @Valid @NotNull CreateApiUserRequest request,
            @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        AppUser user = accessControl.createApiUser(m.actor(), m.company(), request.email(), request.name(),
                permissions(request.permissions()));
        return Response.status(201)
                .entity(UserView.of(user, Membership.of(user.id, companyId).orElseThrow())).build();
    }

    public record SetPermissionsRequest(@NotNull @Size(max = 20) List<@NotBlank String> permissions,
            @NotBlank @Size(max = 10) String totpCode) {
    }

    @PUT
    @Path("/api-users/{userId}/permissions")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"permissions": ["charges:create", "statement:view"], "totpCode": "492039"}""")))
    @Operation(operationId = "setApiUserPermissions",
            summary = "Replace an API user's permissions", description = "Needs your current TOTP code (totpCode).")
    @APIResponse(responseCode = "409", description = "conflict: permissions are granted to API users; people have roles")
    @APIResponseSchema(value = UserView.class, responseCode = "200", responseDescription = "The API user with its new permissions")
    public UserView setPermissions(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @Valid @NotNull SetPermissionsRequest request, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        Membership membership = accessControl.setPermissions(m.actor(), m.company(), userId,
                permissions(request.permissions()), request.totpCode());
        return UserView.of(AppUser.findById(userId), membership);
    }

    // ---- API keys ----

    public record CreateKeyRequest(@NotNull Environment environment,
            @NotNull @Size(min = 1, max = AccessControl.ALLOWED_IPS_MAX) List<@NotBlank String> allowedIps,
            @NotBlank String totpCode) {
    }

    @POST
    @Path("/api-users/{userId}/keys")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"environment": "SANDBOX", "allowedIps": ["203.0.113.7", "2001:db8::/48"], "totpCode": "492039"}""")))
    @Operation(operationId = "createApiKey", summary = "Generate an API key (shown once)",
            description = "Needs the Moderator's current TOTP code and at least one allowed IP or CIDR range.")
    @APIResponseSchema(value = NewKeyView.class, responseCode = "201",
            responseDescription = "The key; its secret is shown only in this answer")
    @APIResponse(responseCode = "409", description = "conflict: API keys belong to API users")
    public Response createKey(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @Valid @NotNull CreateKeyRequest request, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        AccessControl.NewKey created = accessControl.createKey(m.actor(), m.company(), userId, request.environment(),
                request.allowedIps(), request.totpCode());
        return Response.status(201).entity(newKeyView(created)).build();
    }

    @GET
    @Path("/api-users/{userId}/keys")
    @Operation(operationId = "listApiKeys", summary = "List an API user's keys (never the secrets)")
    public Page<KeyView> keys(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        return new Page<>(accessControl.keys(m.company(), userId).stream().map(KeyView::of).toList(), false);
    }

    @DELETE
    @Path("/api-users/{userId}/keys/{keyId}")
    @Operation(operationId = "deleteApiKey",
            summary = "Delete (revoke) an API key", description = "Needs the Moderator's current TOTP code in the Troco-Totp-Code header.")
    public KeyView revokeKey(@HeaderParam("Authorization") String authorization,
            @HeaderParam(TOTP_HEADER) String totpCode, @PathParam("companyId") String companyId,
            @PathParam("userId") String userId, @PathParam("keyId") String keyId, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        return KeyView.of(accessControl.revokeKey(m.actor(), m.company(), userId, keyId, totpCode));
    }

    public record RotateKeyRequest(@NotNull @Min(0) @Max(604_800) Long oldKeyExpiresInSeconds,
            @NotBlank String totpCode) {
    }

    @POST
    @Path("/api-users/{userId}/keys/{keyId}/rotate")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"oldKeyExpiresInSeconds": 86400, "totpCode": "118273"}""")))
    @Operation(operationId = "rotateApiKey", summary = "Rotate an API key",
            description = "The new key (shown once) works at once; the old one keeps working for oldKeyExpiresInSeconds.")
    @APIResponseSchema(value = NewKeyView.class, responseCode = "201",
            responseDescription = "The new key; its secret is shown only in this answer")
    public Response rotateKey(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @PathParam("keyId") String keyId, @Valid @NotNull RotateKeyRequest request, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        AccessControl.NewKey created = accessControl.rotateKey(m.actor(), m.company(), userId, keyId,
                Duration.ofSeconds(request.oldKeyExpiresInSeconds()), request.totpCode());
        return Response.status(201).entity(newKeyView(created)).build();
    }

    // ---- allowed IPs ----

    @GET
    @Path("/api-users/{userId}/keys/{keyId}/allowed-ips")
    @Operation(operationId = "listAllowedIps", summary = "List the IPs allowed to use a key")
    public Page<AllowedIpView> allowedIps(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @PathParam("keyId") String keyId, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        return new Page<>(accessControl.allowedIps(m.company(), userId, keyId).stream().map(AllowedIpView::of)
                .toList(), false);
    }

    public record AllowIpRequest(@NotBlank @Size(max = 64) String cidr, @NotBlank @Size(max = 10) String totpCode) {
    }

    @POST
    @Path("/api-users/{userId}/keys/{keyId}/allowed-ips")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"cidr": "198.51.100.0/24", "totpCode": "492039"}""")))
    @Operation(operationId = "addAllowedIp", summary = "Allow an address or CIDR range (IPv4 or IPv6) to use a key",
            description = "Needs your current TOTP code (totpCode). 0.0.0.0/0 and ::/0 (every address) are refused.")
    @APIResponseSchema(value = AllowedIpView.class, responseCode = "201", responseDescription = "Allowed")
    @APIResponse(responseCode = "409", description = "conflict: the key already allows the most addresses it can")
    public Response allowIp(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @PathParam("keyId") String keyId, @Valid @NotNull AllowIpRequest request, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        return Response.status(201).entity(AllowedIpView.of(
                accessControl.allowIp(m.actor(), m.company(), userId, keyId, request.cidr(), request.totpCode())))
                .build();
    }

    @DELETE
    @Path("/api-users/{userId}/keys/{keyId}/allowed-ips")
    @Operation(operationId = "removeAllowedIp", summary = "Remove an allowed address or range (?cidr=...)")
    @APIResponse(responseCode = "204", description = "No longer allowed")
    @APIResponse(responseCode = "409", description = "conflict: a key keeps at least one allowed address")
    public Response disallowIp(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @PathParam("keyId") String keyId, @QueryParam("cidr") @NotBlank String cidr, @Context HttpServerRequest http) {
        Moderation m = moderator(authorization, companyId, http);
        accessControl.disallowIp(m.actor(), m.company(), userId, keyId, cidr);
        return Response.noContent().build();
    }

    // ---- audit ----

    @GET
    @Path("/audit-log")
    @Operation(operationId = "listAuditLog", summary = "Read the access-control audit log, newest first")
    public Page<AuditView> auditLog(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @QueryParam("limit") @DefaultValue("50") @Min(1)
            @Max(PAGE_LIMIT_MAX) int limit, @QueryParam("startingAfter") String startingAfter,
            @Context HttpServerRequest http) {
        moderator(authorization, companyId, http);
        var entries = audit.page(companyId, limit + 1, startingAfter);
        boolean hasMore = entries.size() > limit;
        return new Page<>(entries.stream().limit(limit).map(AuditView::of).toList(), hasMore);
    }

    private static NewKeyView newKeyView(AccessControl.NewKey created) {
        return new NewKeyView(created.key().id, created.secret(), created.key().environment, created.key().prefix,
                created.key().lastChars, created.allowedIps(), created.key().createdAt,
                "Store this key now: it is shown only once.");
    }

    private static Set<Permission> permissions(List<String> names) {
        Set<Permission> set = java.util.EnumSet.noneOf(Permission.class);
        for (int i = 0; i < names.size(); i++) {
            try {
                set.add(Permission.fromApiName(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField("permissions[" + i + "]", "unknown_permission", e.getMessage());
            }
        }
        return set;
    }
}
