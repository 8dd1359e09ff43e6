package dev.troco.gateway.checkout;

import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The notification-service's internal API for seed 003's secret_key: it keeps the secret (sealed)
 * because it signs the IPNs with it; the gateway asks it for a new one when a Moderator issues
 * checkout credentials, shows it once and stores nothing of it.
 */
@RegisterRestClient(configKey = "notification-service")
@Path("/internal/v1/companies/{companyId}/ipn-secret")
@Produces(MediaType.APPLICATION_JSON)
public interface IpnSecretClient {

    /** The secret for this credential, made now (replacing the company's earlier one) or, on a retry, the same one. */
    record IssuedSecret(String credentialId, String secretKey) {
    }

    @PUT
    IssuedSecret issue(@PathParam("companyId") String companyId, @QueryParam("environment") String environment,
            @QueryParam("credentialId") String credentialId);
}
