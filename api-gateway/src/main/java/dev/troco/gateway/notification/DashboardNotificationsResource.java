package dev.troco.gateway.notification;

import dev.troco.gateway.notification.DashboardViewer.Viewer;
import dev.troco.gateway.rest.ApiSecurity;
import dev.troco.gateway.security.CallerAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The dashboard's notification feed for the person logged in ({@code Authorization: Bearer tss_...}):
 * what their company's notification settings select for them. The live stream,
 * {@code GET /v1/dashboard/notifications/stream} (Server-Sent Events), is {@link DashboardStreamProxy}.
 */
@Path("/v1/dashboard/notifications")
@Tag(name = "Dashboard notifications", description = "A dashboard user's notifications (session token): list, unread "
        + "count, mark as read; live stream at GET /v1/dashboard/notifications/stream (text/event-stream: events "
        + "ready, notification (id and JSON data), heartbeat; send Last-Event-ID to catch up after a reconnect)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.SESSION)
public class DashboardNotificationsResource {

    private static final String ID = "[A-Za-z0-9_]{1,64}";

    private final NotificationServiceClient notifications;
    private final DashboardViewer viewers;
    private final CallerAddress caller;

    DashboardNotificationsResource(@RestClient NotificationServiceClient notifications, DashboardViewer viewers,
            CallerAddress caller) {
        this.notifications = notifications;
        this.viewers = viewers;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listDashboardNotifications",
            summary = "My notifications, newest first (limit 1-100, startingAfter; companyId if I am in several)")
    @APIResponse(responseCode = "200", description = "A page of my notifications",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DashboardNotificationList")))
    public Response list(@HeaderParam("Authorization") String authorization, @Context HttpServerRequest http,
            @QueryParam("companyId") @Pattern(regexp = ID) String companyId, @QueryParam("limit") Integer limit,
            @QueryParam("startingAfter") @Pattern(regexp = ID) String startingAfter) {
        Viewer viewer = viewers.resolve(authorization, companyId, caller.of(http));
        return NotificationsResource.pass(
                () -> notifications.dashboardFeed(viewer.companyId(), viewer.userId(), limit, startingAfter));
    }

    @GET
    @Path("/unread-count")
    @Operation(operationId = "countUnreadDashboardNotifications", summary = "How many of my notifications are unread")
    @APIResponse(responseCode = "200", description = "How many are unread",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "UnreadCount")))
    public Response unreadCount(@HeaderParam("Authorization") String authorization, @Context HttpServerRequest http,
            @QueryParam("companyId") @Pattern(regexp = ID) String companyId) {
        Viewer viewer = viewers.resolve(authorization, companyId, caller.of(http));
        return NotificationsResource.pass(() -> notifications.dashboardUnreadCount(viewer.companyId(), viewer.userId()));
    }

    @POST
    @Path("/{notificationId}/read")
    @Operation(operationId = "markDashboardNotificationRead", summary = "Mark one of my notifications read")
    @APIResponse(responseCode = "200", description = "The notification, read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DashboardNotification")))
    public Response markRead(@HeaderParam("Authorization") String authorization, @Context HttpServerRequest http,
            @QueryParam("companyId") @Pattern(regexp = ID) String companyId,
            @PathParam("notificationId") @Pattern(regexp = ID) String notificationId) {
        Viewer viewer = viewers.resolve(authorization, companyId, caller.of(http));
        return NotificationsResource.pass(
                () -> notifications.dashboardMarkRead(viewer.companyId(), viewer.userId(), notificationId));
    }

    @POST
    @Path("/read-all")
    @Operation(operationId = "markAllDashboardNotificationsRead", summary = "Mark all my notifications read")
    @APIResponse(responseCode = "200", description = "How many were marked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Marked")))
    public Response markAllRead(@HeaderParam("Authorization") String authorization, @Context HttpServerRequest http,
            @QueryParam("companyId") @Pattern(regexp = ID) String companyId) {
        Viewer viewer = viewers.resolve(authorization, companyId, caller.of(http));
        return NotificationsResource.pass(() -> notifications.dashboardMarkAllRead(viewer.companyId(), viewer.userId()));
    }
}
