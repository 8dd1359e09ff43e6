package dev.troco.notification.rest;

import dev.troco.kit.id.Ids;
import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.dashboard.DashboardFeed;
import dev.troco.notification.dashboard.DashboardNotification;
import dev.troco.notification.dashboard.FeedBroadcaster;
import dev.troco.notification.event.Environment;
import dev.troco.notification.rest.WebhookEndpointViews.Page;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A dashboard user's feed within one company, for the api-gateway, which authenticates the user's
 * session and passes the user and company (it proxies {@code /v1/dashboard/notifications}). Not
 * public: only the gateway reaches it.
 */
@Path("/internal/v1/companies/{companyId}/dashboard/users/{userId}/notifications")
@Tag(name = "Internal: dashboard feed", description = "Notifications the settings select for a dashboard user, "
        + "unread count, mark-as-read, and a live Server-Sent Events stream")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private static final String COMPANY_ID = "[A-Za-z0-9_-]{1,64}";
    private static final String USER_ID = "[A-Za-z0-9_-]{1,64}";

    private final DashboardFeed feed;
    private final FeedBroadcaster broadcaster;
    private final Duration heartbeat;

    DashboardResource(DashboardFeed feed, FeedBroadcaster broadcaster, NotificationSettings settings) {
        this.feed = feed;
        this.broadcaster = broadcaster;
        this.heartbeat = settings.dashboard().heartbeat();
    }

    /** One feed entry. {@code eventId} is the event's public id (events API, webhook-id). */
    public record NotificationView(String id, String eventId, String eventType, Environment environment, String title,
            String body, Instant createdAt, Instant readAt, boolean read) {

        static NotificationView of(DashboardNotification n) {
            return new NotificationView(n.id(), Ids.format("evt", n.eventId()), n.eventType(), n.environment(),
                    n.title(), n.body(), n.createdAt(), n.readAt(), n.readAt() != null);
        }
    }

    public record UnreadView(long unread) {
    }

    public record MarkedView(int marked) {
    }

    @GET
    @Operation(summary = "The user's notifications, newest first (limit 1-100, default 20; startingAfter: last id seen)")
    public Page<NotificationView> list(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("userId") @Pattern(regexp = USER_ID) String userId, @QueryParam("limit") Integer limit,
            @QueryParam("startingAfter") String startingAfter) {
        DashboardFeed.Page page = feed.list(companyId, userId, limit, startingAfter);
        return new Page<>(page.entries().stream().map(NotificationView::of).toList(), page.hasMore());
    }

    @GET
    @Path("/unread-count")
    @Operation(summary = "How many of the user's notifications are unread")
    public UnreadView unreadCount(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("userId") @Pattern(regexp = USER_ID) String userId) {
        return new UnreadView(feed.unreadCount(companyId, userId));
    }

    @POST
    @Path("/{notificationId}/read")
    @Operation(summary = "Mark one notification read")
    public NotificationView markRead(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("userId") @Pattern(regexp = USER_ID) String userId,
            @PathParam("notificationId") String notificationId) {
        return NotificationView.of(feed.markRead(companyId, userId, notificationId));
    }

    @POST
    @Path("/read-all")
    @Operation(summary = "Mark every notification of the user read")
    public MarkedView markAllRead(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("userId") @Pattern(regexp = USER_ID) String userId) {
        return new MarkedView(feed.markAllRead(companyId, userId));
    }

    /**
     * Live: a {@code ready} event at once, then a {@code notification} event (id = the notification's
     * id, data = its JSON) for every new entry, whichever replica recorded it, and a {@code heartbeat}
     * event while idle. A client reconnecting with {@code Last-Event-ID} first gets what it missed.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live stream of the user's new notifications (Server-Sent Events)")
    public Multi<OutboundSseEvent> stream(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("userId") @Pattern(regexp = USER_ID) String userId,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        String resumeFrom = lastEventId != null && Ids.isValid(DashboardNotification.ID_PREFIX, lastEventId)
                ? lastEventId : null;
        Multi<OutboundSseEvent> live = Multi.createFrom().emitter(emitter -> {
            FeedBroadcaster.Subscriber subscriber = broadcaster.subscribe(companyId, userId, resumeFrom,
                    entry -> emitter.emit(sse.newEventBuilder().name("notification").id(entry.id())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(NotificationView.class, NotificationView.of(entry)).build()));
            emitter.onTermination(subscriber::close);
            // Only once registered: a client that waits for "ready" misses nothing recorded after it.
            emitter.emit(sse.newEventBuilder().name("ready").data("{}").build());
            Infrastructure.getDefaultWorkerPool().execute(subscriber::catchUp);
        });
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(heartbeat)
                .map(tick -> sse.newEventBuilder().name("heartbeat").data("{}").build());
        return Multi.createBy().merging().streams(live, heartbeats);
    }
}
