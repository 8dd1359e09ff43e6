package dev.troco.notification.rest;

import dev.troco.notification.event.Environment;
import dev.troco.notification.rest.WebhookEndpointViews.EndpointView;
import dev.troco.notification.rest.WebhookEndpointViews.EndpointWithSecretView;
import dev.troco.notification.rest.WebhookEndpointViews.Page;
import dev.troco.notification.webhook.EndpointRegistration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Webhook endpoints, for the api-gateway to proxy with its permission rules
 * ({@code notifications:manage}); not public: only the gateway may reach this port. The gateway
 * passes the caller's company (path) and environment (query, from the API key).
 */
@Path("/internal/v1/companies/{companyId}/webhook-endpoints")
@Tag(name = "Internal: webhook endpoints", description = WebhookDocs.DELIVERY)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEndpointsResource {

    private static final String COMPANY_ID = "[A-Za-z0-9_-]{1,64}";

    private final EndpointRegistration registration;

    WebhookEndpointsResource(EndpointRegistration registration) {
        this.registration = registration;
    }

    /** {@code eventTypes} omitted or empty: every type. */
    public record EndpointRequest(@NotBlank @Size(max = 2048) String url, @Size(max = 500) String description,
            @Size(max = 50) List<String> eventTypes) {
    }

    /** {@code overlapSeconds}: how long the old secret keeps signing next to the new one (default a day). */
    public record RotateSecretRequest(@Min(0) @Max(604_800) Long overlapSeconds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"url": "https://loja.example/webhooks/troco", "description": "orders",
                     "eventTypes": ["charge.paid", "charge.refunded"]}""")))
    @Operation(summary = "Register a webhook endpoint (its signing secret is shown once)",
            description = "Production URLs must use https. The host is resolved, and private, loopback, "
                    + "link-local and cloud-metadata addresses are refused (field error url/private_address).")
    public Response register(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @QueryParam("environment") @NotNull Environment environment, @Valid @NotNull EndpointRequest request) {
        EndpointRegistration.WithSecret created = registration.register(companyId, environment, request.url(),
                request.description(), request.eventTypes());
        return Response.created(URI.create("/internal/v1/companies/" + companyId + "/webhook-endpoints/"
                + created.endpoint().id())).entity(EndpointWithSecretView.of(created)).build();
    }

    @GET
    @Operation(summary = "List the company's webhook endpoints in an environment (never their secrets)")
    public Page<EndpointView> list(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @QueryParam("environment") @NotNull Environment environment) {
        return new Page<>(registration.list(companyId, environment).stream().map(EndpointView::of).toList(), false);
    }

    @GET
    @Path("/{endpointId}")
    @Operation(summary = "One webhook endpoint, with whether it is enabled and why not")
    public EndpointView get(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("endpointId") String endpointId, @QueryParam("environment") @NotNull Environment environment) {
        return EndpointView.of(registration.get(companyId, environment, endpointId));
    }

    @DELETE
    @Path("/{endpointId}")
    @Operation(summary = "Delete a webhook endpoint, with its pending deliveries and delivery log")
    public Response delete(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("endpointId") String endpointId, @QueryParam("environment") @NotNull Environment environment) {
        registration.delete(companyId, environment, endpointId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{endpointId}/rotate-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"overlapSeconds": 86400}""")))
    @Operation(summary = "Replace the signing secret (the new one is shown once)",
            description = "Until previousSecretExpiresAt every webhook carries two signatures, the new "
                    + "secret's and the old one's, separated by a space in webhook-signature.")
    public EndpointWithSecretView rotateSecret(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("endpointId") String endpointId, @QueryParam("environment") @NotNull Environment environment,
            @Valid RotateSecretRequest request) {
        Optional<Duration> overlap = Optional.ofNullable(request).map(RotateSecretRequest::overlapSeconds)
                .map(Duration::ofSeconds);
        return EndpointWithSecretView.of(registration.rotateSecret(companyId, environment, endpointId, overlap));
    }

    @POST
    @Path("/{endpointId}/enable")
    @Operation(summary = "Enable an endpoint again (after a 410, a long failure, or a manual disable)",
            description = "Deliveries still pending resume; recover given-up ones with the events API.")
    public EndpointView enable(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("endpointId") String endpointId, @QueryParam("environment") @NotNull Environment environment) {
        return EndpointView.of(registration.enable(companyId, environment, endpointId));
    }

    @POST
    @Path("/{endpointId}/disable")
    @Operation(summary = "Disable an endpoint: nothing is sent to it until it is enabled again")
    public EndpointView disable(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("endpointId") String endpointId, @QueryParam("environment") @NotNull Environment environment) {
        return EndpointView.of(registration.disable(companyId, environment, endpointId));
    }
}
