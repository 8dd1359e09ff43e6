package dev.troco.gateway.rest;

import dev.troco.gateway.config.GatewaySettings;
import dev.troco.gateway.domain.Product;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platform operator's door: creates companies and their first Moderator. */
@Path("/admin/v1/companies")
@Tag(name = "Platform administration", description = "Troco's operator only (admin token)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final AccessControl accessControl;
    private final GatewaySettings settings;
    private final CallerAddress caller;

    AdminResource(AccessControl accessControl, GatewaySettings settings, CallerAddress caller) {
        this.accessControl = accessControl;
        this.settings = settings;
        this.caller = caller;
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
    @Operation(summary = "Create a company and invite its first Moderator")
    public Response create(@HeaderParam("Authorization") String authorization,
            @Valid @NotNull CreateCompanyRequest request, @Context HttpServerRequest http) {
        requireAdmin(Bearer.token(authorization));
        AccessControl.Invitation invitation = accessControl.createCompany(request.name(),
                EnumSet.copyOf(request.products()), request.moderatorEmail(), request.moderatorName(), caller.of(http));
        return Response.status(201).entity(new CreateCompanyResponse(invitation.membership().key.companyId,
                request.name(), request.products(), AccessControlViews.InvitationView.of(invitation))).build();
    }

    private void requireAdmin(String token) {
        String expected = settings.adminTokenSha256().orElse(null);
        if (expected == null || token == null || !SecretHashing.same(sha256(token), expected.toLowerCase())) {
            throw new ApiException(ProblemCode.UNAUTHENTICATED, "The platform admin token is required");
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
