package dev.troco.gateway.rest;

import dev.troco.gateway.charge.ProcessingFeeRates;
import dev.troco.gateway.config.GatewaySettings;
import dev.troco.gateway.domain.Product;
import dev.troco.gateway.security.AuthenticationThrottle;
import dev.troco.gateway.security.CallerAddress;
import dev.troco.gateway.security.SecretHashing;
import dev.troco.gateway.service.AccessControl;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform operator's door: creates companies and their first Moderator, and sets each
 * company's processing fee rate (kept by the charge-service).
 */
@Path("/admin/v1/companies")
@Tag(name = "Platform administration", description = "Troco's operator only (admin token)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.ADMIN_TOKEN)
public class AdminResource {

    private final AccessControl accessControl;
    private final GatewaySettings settings;
    private final CallerAddress caller;
    private final ProcessingFeeRates feeRates;
    private final AuthenticationThrottle throttle;

    AdminResource(AccessControl accessControl, GatewaySettings settings, CallerAddress caller,
            ProcessingFeeRates feeRates, AuthenticationThrottle throttle) {
        this.throttle = throttle;
        this.accessControl = accessControl;
        this.settings = settings;
        this.caller = caller;
        this.feeRates = feeRates;
    }

    public record CreateCompanyRequest(@NotBlank @Size(max = 200) String name, @NotEmpty Set<Product> products,
            @NotBlank @Email @Size(max = 254) String moderatorEmail, @NotBlank @Size(max = 200) String moderatorName) {
    }

    public record CreateCompanyResponse(String companyId, String name, Set<Product> products,
            AccessControlViews.InvitationView moderator) {
    }

    @POST
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"name": "Loja Exemplo", "products": ["PAYIN", "PAYOUT"], "moderatorEmail": "owner@loja.example", "moderatorName": "Ana Souza"}""")))
    @Operation(operationId = "createCompany", summary = "Create a company and invite its first Moderator",
            description = "Troco e-mails the first Moderator the one-time invitation token they activate with "
                    + "(POST /v1/auth/activate); the token is never in the answer.")
    @APIResponseSchema(value = CreateCompanyResponse.class, responseCode = "201",
            responseDescription = "The company; its first Moderator's invitation is on its way to them")
    @APIResponse(responseCode = "409", description = "conflict: a company or user with this e-mail already exists")
    public Response create(@HeaderParam("Authorization") String authorization,
            @Valid @NotNull CreateCompanyRequest request, @Context HttpServerRequest http) {
        requireAdmin(Bearer.token(authorization), caller.of(http));
        AccessControl.Invitation invitation = accessControl.createCompany(request.name(),
                EnumSet.copyOf(request.products()), request.moderatorEmail(), request.moderatorName(), caller.of(http));
        return Response.status(201).entity(new CreateCompanyResponse(invitation.membership().key.companyId,
                request.name(), request.products(), AccessControlViews.InvitationView.of(invitation))).build();
    }

    /**
     * A company's new processing fee rate.
     *
     * @param ratePercent decimal text in percent, e.g. "1.99": at least 0, below 100, at most 4 decimals
     */
    public record SetProcessingFeeRateRequest(@NotBlank @Size(max = 24) String ratePercent,
            @NotBlank @Size(max = 500) String reason) {
    }

    /** What both processing-fee-rate calls answer (the charge-service's body, as it is). */
    @Schema(name = "CompanyProcessingFeeRate")
    public record CompanyProcessingFeeRate(
            @Schema(required = true) String companyId,
            @Schema(required = true, description = "Decimal text in percent, e.g. \"1.99\"") String ratePercent,
            @Schema(required = true, description = "True while the company pays the platform's default rate")
            boolean defaultRate,
            @Schema(nullable = true, description = "When the current rate took effect; null for the default rate")
            Instant since,
            @Schema(required = true, description = "Every change, newest first") List<FeeRateChange> history) {
    }

    /** One change of a company's processing fee rate. */
    public record FeeRateChange(String ratePercent, Instant effectiveAt, String setBy, String reason) {
    }

    @GET
    @Path("/{companyId}/processing-fee-rate")
    @Operation(operationId = "getCompanyProcessingFeeRate", summary = "A company's processing fee rate and its history",
            description = "`ratePercent` is decimal text; `defaultRate` is true when the company pays the platform's "
                    + "default rate (`since` is then null); `history` lists the changes, newest first.")
    @APIResponse(responseCode = "200", description = "The current rate and its history", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CompanyProcessingFeeRate.class),
            examples = @ExampleObject(name = "example", value = """
                    {"companyId": "cmp_0193a1b2c3d4e5f6a7b8c9d0e1f2a3b4", "ratePercent": "1.99", "defaultRate": false, "since": "2026-11-22T18:00:00Z", "history": [{"ratePercent": "1.99", "effectiveAt": "2026-11-22T18:00:00Z", "setBy": "admin-token from 203.0.113.7", "reason": "Volume contract 2027"}]}""")))
    @APIResponse(responseCode = "404", description = "No such company")
    public String processingFeeRate(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @Context HttpServerRequest http) {
        requireAdmin(Bearer.token(authorization), caller.of(http));
        return feeRates.read(companyId);
    }

    @PUT
    @Path("/{companyId}/processing-fee-rate")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"ratePercent": "1.99", "reason": "Volume contract 2027"}""")))
    @Operation(operationId = "setCompanyProcessingFeeRate", summary = "Set a company's processing fee rate",
            description = "Applies to the company's charges created from now on; charges already created keep "
                    + "the fee they were created with. Setting the current rate again changes nothing, so a retry "
                    + "is harmless. Answers the rate and its history, as GET does.")
    @APIResponse(responseCode = "200", description = "The current rate and its history", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CompanyProcessingFeeRate.class)))
    @APIResponse(responseCode = "400", description = "ratePercent is not a decimal from 0 to below 100 with at most "
            + "4 decimals, or a field is missing or unknown")
    @APIResponse(responseCode = "404", description = "No such company")
    public String setProcessingFeeRate(@HeaderParam("Authorization") String authorization,
            @PathParam("companyId") String companyId, @Valid @NotNull SetProcessingFeeRateRequest request,
            @Context HttpServerRequest http) {
        requireAdmin(Bearer.token(authorization), caller.of(http));
        return feeRates.set(companyId, request.ratePercent(), request.reason(), "admin-token from " + caller.of(http));
    }

    /**
     * The platform admin token, or 401 saying whether it was missing or wrong. A wrong one counts as a failed
     * authentication of the address, so the token cannot be guessed at speed (429 with Retry-After).
     */
    private void requireAdmin(String token, String clientIp) {
        throttle.refuseIfLockedOut(clientIp, null);
        String expected = settings.adminTokenSha256().orElse(null);
        if (expected == null) {
            throw new ApiException(ProblemCode.UNAUTHENTICATED,
                    "The admin API is off: no troco.gateway.admin-token-sha256 is configured");
        }
        if (token == null) {
            throw new ApiException(ProblemCode.UNAUTHENTICATED,
                    "Send the platform admin token as Authorization: Bearer <token>");
        }
        if (!SecretHashing.same(sha256(token), expected.toLowerCase())) {
            throttle.failed(clientIp, null);
            throw new ApiException(ProblemCode.UNAUTHENTICATED, "The platform admin token is wrong");
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
