package dev.troco.gateway.notification;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The notification-service's internal API ({@code quarkus.rest-client.notification-service.url}).
 * Bodies travel as they are: the notification-service validates them and answers problems that the
 * gateway passes on.
 */
@RegisterRestClient(configKey = "notification-service")
@Path("/internal/v1/companies/{companyId}")
@Produces(MediaType.APPLICATION_JSON)
public interface NotificationServiceClient {

    @GET
    @Path("/webhook-endpoints")
    Response listEndpoints(@PathParam("companyId") String companyId, @QueryParam("environment") String environment);

    @POST
    @Path("/webhook-endpoints")
    @Consumes(MediaType.APPLICATION_JSON)
    Response registerEndpoint(@PathParam("companyId") String companyId, @QueryParam("environment") String environment,
            String body);

    @GET
    @Path("/webhook-endpoints/{endpointId}")
    Response getEndpoint(@PathParam("companyId") String companyId, @PathParam("endpointId") String endpointId,
            @QueryParam("environment") String environment);

    @DELETE
    @Path("/webhook-endpoints/{endpointId}")
    Response deleteEndpoint(@PathParam("companyId") String companyId, @PathParam("endpointId") String endpointId,
            @QueryParam("environment") String environment);

    @POST
    @Path("/webhook-endpoints/{endpointId}/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response endpointAction(@PathParam("companyId") String companyId, @PathParam("endpointId") String endpointId,
            @PathParam("action") String action, @QueryParam("environment") String environment, String body);

    @GET
    @Path("/events")
    Response listEvents(@PathParam("companyId") String companyId, @QueryParam("environment") String environment,
            @QueryParam("type") String type, @QueryParam("createdFrom") String createdFrom,
            @QueryParam("createdTo") String createdTo, @QueryParam("undelivered") Boolean undelivered,
            @QueryParam("limit") Integer limit, @QueryParam("startingAfter") String startingAfter);

    @GET
    @Path("/events/{eventId}")
    Response getEvent(@PathParam("companyId") String companyId, @PathParam("eventId") String eventId,
            @QueryParam("environment") String environment);

    @POST
    @Path("/events/{eventId}/redeliver")
    Response redeliver(@PathParam("companyId") String companyId, @PathParam("eventId") String eventId,
            @QueryParam("environment") String environment);

    @POST
    @Path("/events/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    Response recover(@PathParam("companyId") String companyId, @QueryParam("environment") String environment,
            String body);

    @GET
    @Path("/ipns")
    Response listIpns(@PathParam("companyId") String companyId, @QueryParam("environment") String environment,
            @QueryParam("status") String status, @QueryParam("undelivered") Boolean undelivered,
            @QueryParam("identifier") String identifier, @QueryParam("chargeId") String chargeId,
            @QueryParam("limit") Integer limit, @QueryParam("startingAfter") String startingAfter);

    @GET
    @Path("/ipns/{ipnId}")
    Response getIpn(@PathParam("companyId") String companyId, @PathParam("ipnId") String ipnId,
            @QueryParam("environment") String environment);

    @POST
    @Path("/ipns/{ipnId}/redeliver")
    Response redeliverIpn(@PathParam("companyId") String companyId, @PathParam("ipnId") String ipnId,
            @QueryParam("environment") String environment);

    @GET
    @Path("/callback-secret")
    Response callbackSecret(@PathParam("companyId") String companyId, @QueryParam("environment") String environment);

    @GET
    @Path("/notification-settings")
    Response listSettings(@PathParam("companyId") String companyId, @QueryParam("environment") String environment);

    @GET
    @Path("/notification-settings/{eventType}")
    Response getSetting(@PathParam("companyId") String companyId, @PathParam("eventType") String eventType,
            @QueryParam("environment") String environment);

    @PUT
    @Path("/notification-settings/{eventType}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response putSetting(@PathParam("companyId") String companyId, @PathParam("eventType") String eventType,
            @QueryParam("environment") String environment, String body);

    @DELETE
    @Path("/notification-settings/{eventType}")
    Response resetSetting(@PathParam("companyId") String companyId, @PathParam("eventType") String eventType,
            @QueryParam("environment") String environment);

    @GET
    @Path("/dashboard/users/{userId}/notifications")
    Response dashboardFeed(@PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @QueryParam("limit") Integer limit, @QueryParam("startingAfter") String startingAfter);

    @GET
    @Path("/dashboard/users/{userId}/notifications/unread-count")
    Response dashboardUnreadCount(@PathParam("companyId") String companyId, @PathParam("userId") String userId);

    @POST
    @Path("/dashboard/users/{userId}/notifications/{notificationId}/read")
    Response dashboardMarkRead(@PathParam("companyId") String companyId, @PathParam("userId") String userId,
            @PathParam("notificationId") String notificationId);

    @POST
    @Path("/dashboard/users/{userId}/notifications/read-all")
    Response dashboardMarkAllRead(@PathParam("companyId") String companyId, @PathParam("userId") String userId);
}
