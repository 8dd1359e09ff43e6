package dev.troco.gateway.rest;

import dev.troco.events.common.Environment;
import dev.troco.gateway.checkout.CheckoutCredential;
import dev.troco.gateway.checkout.CheckoutCredentials;
import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.Company;
import dev.troco.gateway.security.CallerAddress;
import dev.troco.gateway.service.AccessControl;
import dev.troco.gateway.service.AuditLog;
import dev.troco.gateway.service.Authentication;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Seed 003's public_key and secret_key for the hosted checkout, issued by a company's Moderator
 * (dashboard session and a current TOTP code, like API keys).
 */
@Path("/v1/companies/{companyId}/checkout-credentials")
@Tag(name = "Access control", description = "Moderators manage users, API users, permissions, API keys and allowed IPs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.SESSION)
public class CheckoutCredentialsResource {

    private final CheckoutCredentials credentials;
    private final Authentication authentication;
    private final AccessControl accessControl;
    private final CallerAddress caller;

    CheckoutCredentialsResource(CheckoutCredentials credentials, Authentication authentication,
            AccessControl accessControl, CallerAddress caller) {
        this.credentials = credentials;
        this.authentication = authentication;
        this.accessControl = accessControl;
        this.caller = caller;
    }

    public record IssueRequest(@NotNull Environment environment, @NotBlank String totpCode) {
    }

    public record IssuedView(String id, Environment environment, String publicKey, String secretKey, Instant createdAt,
            String warning) {
    }

    public record CredentialView(String id, Environment environment, String publicKey, Instant createdAt,
            String createdBy) {

        static CredentialView of(CheckoutCredential c) {
            return new CredentialView(c.id, Environment.valueOf(c.environment), c.publicKey, c.createdAt, c.createdBy);
        }
    }

    @POST
    @Operation(operationId = "issueCheckoutCredentials",
            summary = "Issue hosted-checkout keys (public_key and secret_key, seed 003)",
            description = "Moderators only, with a current TOTP code. The public_key goes in the body of "
                    + "POST /payment/initiate; the secret_key verifies IPN signatures and is shown only in this "
                    + "answer. A new pair replaces the environment's previous one: the old public_key stops at once, "
                    + "and IPNs are signed with the new secret_key about a second later (IPNs sent meanwhile still "
                    + "carry the old one's signature).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "sandbox", value = """
                    {"environment": "SANDBOX", "totpCode": "492039"}""")))
    @APIResponseSchema(value = IssuedView.class, responseCode = "201",
            responseDescription = "The credentials; secretKey is shown only in this answer")
    public Response issue(@HeaderParam("Authorization") String authorization, @PathParam("companyId") String companyId,
            @Valid @NotNull IssueRequest request, @Context HttpServerRequest http) {
        AppUser user = authentication.userOfSession(Bearer.token(authorization), caller.of(http));
        Company company = accessControl.requireModerator(user, companyId);
        CheckoutCredentials.Issued issued = credentials.issue(new AuditLog.Actor(user.id, caller.of(http)), company,
                request.environment(), request.totpCode());
        CheckoutCredential c = issued.credential();
        return Response.status(201).entity(new IssuedView(c.id, request.environment(), c.publicKey,
                issued.secretKey(), c.createdAt, "Store the secret_key now: it is shown only once.")).build();
    }

    public record CredentialList(java.util.List<CredentialView> data, boolean hasMore) {
    }

    @GET
    @Operation(operationId = "listCheckoutCredentials",
            summary = "The company's live hosted-checkout public keys (never the secret)")
    public CredentialList list(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @Context HttpServerRequest http) {
        AppUser user = authentication.userOfSession(Bearer.token(authorization), caller.of(http));
        Company company = accessControl.requireModerator(user, companyId);
        return new CredentialList(credentials.live(company).stream().map(CredentialView::of).toList(), false);
    }
}
