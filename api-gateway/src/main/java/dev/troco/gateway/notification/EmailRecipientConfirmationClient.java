package dev.troco.gateway.notification;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The notification-service's internal confirmation of an e-mail recipient (the token mailed to them). */
@RegisterRestClient(configKey = "notification-service")
@Path("/internal/v1/email-recipient-confirmations")
public interface EmailRecipientConfirmationClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response confirm(String body);
}
