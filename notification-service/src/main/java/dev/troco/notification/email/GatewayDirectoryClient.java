package dev.troco.notification.email;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The api-gateway's internal read of a company's Moderators ({@code quarkus.rest-client.api-gateway.url}):
 * the gateway owns people and roles, this service only needs their addresses when it tells them something.
 */
@RegisterRestClient(configKey = "api-gateway")
@Path("/internal/v1/companies/{companyId}/moderators")
@Produces(MediaType.APPLICATION_JSON)
public interface GatewayDirectoryClient {

    /** One Moderator: a person of the company with the MODERATOR role and an active account. */
    record Moderator(String userId, String email, String name) {
    }

    record Moderators(List<Moderator> data) {
    }

    @GET
    Moderators moderators(@PathParam("companyId") String companyId);
}
