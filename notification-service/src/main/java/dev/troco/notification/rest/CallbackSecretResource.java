package dev.troco.notification.rest;

import dev.troco.notification.event.Environment;
import dev.troco.notification.signing.SigningSecrets;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The secret that signs webhooks sent to charges' own callback URLs (seed 004's {@code callbackUrl}).
 * Those URLs belong to no registered endpoint, so one secret per company and environment signs
 * them; a merchant reads it here (through the gateway, with {@code notifications:manage}) to verify.
 */
@Path("/internal/v1/companies/{companyId}/callback-secret")
@Tag(name = "Internal: webhook endpoints")
@Produces(MediaType.APPLICATION_JSON)
public class CallbackSecretResource {

    private final SigningSecrets secrets;

    CallbackSecretResource(SigningSecrets secrets) {
        this.secrets = secrets;
    }

    public record CallbackSecretView(Environment environment, String secret) {
    }

    @GET
    @Transactional
    @Operation(summary = "The secret signing webhooks to charges' callback URLs (created on first use)")
    public CallbackSecretView get(@PathParam("companyId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String companyId,
            @QueryParam("environment") @NotNull Environment environment) {
        secrets.ensureCallbackSecret(companyId, environment);
        return new CallbackSecretView(environment, secrets.callbackSecret(companyId, environment).orElseThrow().value());
    }
}
