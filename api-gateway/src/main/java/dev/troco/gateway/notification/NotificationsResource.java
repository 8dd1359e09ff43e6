package dev.troco.gateway.notification;

import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.rest.ApiSecurity;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.gateway.security.RequiresPermission;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.IsoInstant;
import dev.troco.kit.problem.ProblemCode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Webhook endpoints, the events API and the callback secret, for merchants: the gateway checks
 * key, IP and permission, adds the caller's company and environment, and passes the call to the
 * notification-service, which owns them.
 */
@Path("/v1")
@Tag(name = "Webhooks and events", description = "Signed webhooks (Standard Webhooks) and the list of what happened, "
        + "to rebuild what a receiver missed. Retries: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 24 h, 24 h, 24 h (±20%).")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.API_KEY)
public class NotificationsResource {

    private static final String ID = "[A-Za-z0-9_]{1,64}";

    private final NotificationServiceClient notifications;
    private final MerchantContext merchant;

    NotificationsResource(@RestClient NotificationServiceClient notifications, MerchantContext merchant) {
        this.notifications = notifications;
        this.merchant = merchant;
    }

    @GET
    @Path("/webhook-endpoints")
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "listWebhookEndpoints", summary = "List webhook endpoints")
    @APIResponse(responseCode = "200", description = "The company's endpoints in the key's environment (never their secrets)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookEndpointList")))
    public Response endpoints() {
        return pass(() -> notifications.listEndpoints(company(), environment()));
    }

    @POST
    @Path("/webhook-endpoints")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "createWebhookEndpoint",
            summary = "Register a webhook endpoint (its whsec_ secret is shown once)",
            description = "HTTPS only in production; private, loopback, link-local and metadata addresses are refused. "
                    + "eventTypes: charge.created, charge.paid, charge.rejected, charge.canceled, charge.expired, "
                    + "charge.refunded, charge.chargeback_initiated, charge.chargeback_resolved; empty means all.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookEndpointRequest"), examples = @ExampleObject(name = "endpoint",
            value = "{\"url\": \"https://merchant.example.com/troco/webhooks\", \"description\": \"orders\", "
                    + "\"eventTypes\": [\"charge.paid\", \"charge.refunded\"]}")))
    @APIResponse(responseCode = "201", description = "Registered: the endpoint with its secret, shown only in this answer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookEndpoint")))
    public Response register(@NotNull @Size(max = 16_384) String body) {
        return pass(() -> notifications.registerEndpoint(company(), environment(), body));
    }

    @GET
    @Path("/webhook-endpoints/{endpointId}")
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "getWebhookEndpoint", summary = "Read a webhook endpoint")
    @APIResponse(responseCode = "200", description = "The endpoint",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookEndpoint")))
    public Response endpoint(@PathParam("endpointId") @Pattern(regexp = ID) String endpointId) {
        return pass(() -> notifications.getEndpoint(company(), endpointId, environment()));
    }

    @DELETE
    @Path("/webhook-endpoints/{endpointId}")
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint")
    @APIResponse(responseCode = "204", description = "Deleted, with its pending deliveries and log")
    public Response delete(@PathParam("endpointId") @Pattern(regexp = ID) String endpointId) {
        return pass(() -> notifications.deleteEndpoint(company(), endpointId, environment()));
    }

    @POST
    @Path("/webhook-endpoints/{endpointId}/{action: rotate-secret|enable|disable}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "actOnWebhookEndpoint",
            summary = "Rotate an endpoint's secret (both sign during the overlap), enable or disable it")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookEndpointAction"), examples = @ExampleObject(name = "rotate",
            value = "{\"overlapSeconds\": 86400}")))
    @APIResponse(responseCode = "200", description = "The endpoint; after rotate-secret, with the new secret, shown only in this answer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookEndpoint")))
    public Response endpointAction(@PathParam("endpointId") @Pattern(regexp = ID) String endpointId,
            @PathParam("action") String action, @Size(max = 16_384) String body) {
        return pass(() -> notifications.endpointAction(company(), endpointId, action, environment(),
                body == null || body.isBlank() ? "{}" : body));
    }

    @GET
    @Path("/events")
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "listEvents", summary = "List events of the last 30 days, newest first",
            description = "Filters: type, createdFrom/createdTo (ISO 8601), undelivered=true; limit (1-100) and startingAfter.")
    @APIResponse(responseCode = "200", description = "A page of events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "EventList")))
    public Response events(@QueryParam("type") @Size(max = 64) String type,
            @QueryParam("createdFrom") @IsoInstant String createdFrom,
            @QueryParam("createdTo") @IsoInstant String createdTo,
            @QueryParam("undelivered") Boolean undelivered,
            @QueryParam("limit") Integer limit,
            @QueryParam("startingAfter") @Pattern(regexp = ID) String startingAfter) {
        return pass(() -> notifications.listEvents(company(), environment(), type, createdFrom, createdTo, undelivered,
                limit, startingAfter));
    }

    @GET
    @Path("/events/{eventId}")
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "getEvent", summary = "One event, with its deliveries and every attempt")
    @APIResponse(responseCode = "200", description = "The event with its deliveries and attempts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Event")))
    public Response event(@PathParam("eventId") @Pattern(regexp = ID) String eventId) {
        return pass(() -> notifications.getEvent(company(), eventId, environment()));
    }

    @POST
    @Path("/events/{eventId}/redeliver")
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "redeliverEvent", summary = "Send an event again (same webhook-id)")
    @APIResponse(responseCode = "202", description = "Scheduled: the event is sent again to each endpoint that should get it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Scheduled")))
    public Response redeliver(@PathParam("eventId") @Pattern(regexp = ID) String eventId) {
        return pass(() -> notifications.redeliver(company(), eventId, environment()));
    }

    @POST
    @Path("/events/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "recoverEvents", summary = "Send again every failed delivery since a time")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "EventsRecoverRequest"), examples = @ExampleObject(name = "since",
            value = "{\"since\": \"2026-11-21T00:00:00Z\"}")))
    @APIResponse(responseCode = "202", description = "Scheduled: how many failed deliveries are sent again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Scheduled")))
    public Response recover(@NotNull @Size(max = 1_024) String body) {
        return pass(() -> notifications.recover(company(), environment(), body));
    }

    @GET
    @Path("/callback-secret")
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "getCallbackSecret",
            summary = "The secret that signs webhooks sent to charges' callbackUrl")
    @APIResponse(responseCode = "200", description = "The secret that signs webhooks to charges' callbackUrl",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CallbackSecret")))
    public Response callbackSecret() {
        return pass(() -> notifications.callbackSecret(company(), environment()));
    }

    private String company() {
        return merchant.companyId();
    }

    private String environment() {
        return merchant.environment().name();
    }

    /** The owner's answer, status and body, as it is; its problems are already problem+json. */
    static Response pass(Supplier<Response> call) {
        try (Response answer = answerOf(call)) {
            if (answer.getStatus() >= 500) {
                throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "Notifications cannot be reached; retry shortly");
            }
            if (answer.getStatus() == 204) {
                return Response.noContent().build();
            }
            String body = answer.hasEntity() ? answer.readEntity(String.class) : null;
            return Response.status(answer.getStatus())
                    .type(answer.getMediaType() == null ? MediaType.APPLICATION_JSON_TYPE : answer.getMediaType())
                    .entity(body).build();
        }
    }

    /** The REST client throws for 4xx answers; those are answers to pass on too. */
    private static Response answerOf(Supplier<Response> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (ProcessingException e) {
            throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "Notifications cannot be reached; retry shortly");
        }
    }
}
