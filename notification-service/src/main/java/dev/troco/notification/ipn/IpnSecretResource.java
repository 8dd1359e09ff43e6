package dev.troco.notification.ipn;

import dev.troco.notification.event.Environment;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Internal (gateway only): issues a company's IPN secret_key for a new checkout credential, pending until activated. */
@Path("/internal/v1/companies/{companyId}/ipn-secret")
@Tag(name = "Internal: IPN")
@Produces(MediaType.APPLICATION_JSON)
public class IpnSecretResource {

    private final IpnSecrets secrets;

    IpnSecretResource(IpnSecrets secrets) {
        this.secrets = secrets;
    }

    public record IssuedSecret(String credentialId, String secretKey) {
    }

    @PUT
    @Operation(summary = "Issue the pending secret_key of a checkout credential (a retry answers the same while it is pending, 409 once it is active); it signs IPNs once the gateway's ActivateIpnSecret for the credential arrives")
    public IssuedSecret issue(@PathParam("companyId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String companyId,
            @QueryParam("environment") @NotNull Environment environment,
            @QueryParam("credentialId") @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String credentialId) {
        return new IssuedSecret(credentialId, secrets.issue(companyId, environment, credentialId));
    }
}
