package dev.troco.notification.rest;

import dev.troco.notification.event.Environment;
import dev.troco.notification.eventsapi.EventListing;
import dev.troco.notification.eventsapi.Redelivery;
import dev.troco.notification.rest.EventViews.EventView;
import dev.troco.notification.rest.EventViews.EventWithDeliveriesView;
import dev.troco.notification.rest.EventViews.ScheduledView;
import dev.troco.notification.rest.WebhookEndpointViews.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The events API, for the api-gateway to proxy as {@code /v1/events}: a company's events of the last
 * 30 days, one event with its delivery log, and redelivery. Not public: only the gateway reaches it.
 */
@Path("/internal/v1/companies/{companyId}/events")
@Tag(name = "Internal: events", description = "Events of the last 30 days, their delivery log, redelivery")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    private static final String COMPANY_ID = "[A-Za-z0-9_-]{1,64}";

    private final EventListing listing;
    private final Redelivery redelivery;

    EventsResource(EventListing listing, Redelivery redelivery) {
        this.listing = listing;
        this.redelivery = redelivery;
    }

    @GET
    @Operation(summary = "List events, newest first (last 30 days)",
            description = "Filters: type (e.g. charge.paid), createdFrom/createdTo (ISO 8601 UTC, from inclusive, "
                    + "to exclusive), undelivered=true for events with a delivery not delivered (pending or given "
                    + "up). Pages: limit (1-100, default 20) and startingAfter (the last id of the previous page).")
    public Page<EventView> list(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @QueryParam("environment") @NotNull Environment environment, @QueryParam("type") String type,
            @QueryParam("createdFrom") String createdFrom, @QueryParam("createdTo") String createdTo,
            @QueryParam("undelivered") @DefaultValue("false") boolean undelivered, @QueryParam("limit") Integer limit,
            @QueryParam("startingAfter") String startingAfter) {
        EventListing.Page page = listing.list(companyId, environment,
                new EventListing.Filters(type, createdFrom, createdTo, undelivered, limit, startingAfter));
        return new Page<>(page.events().stream().map(EventView::of).toList(), page.hasMore());
    }

    @GET
    @Path("/{eventId}")
    @Operation(summary = "One event, with each delivery and every attempt (time, status, latency, first 1 KB of the answer)")
    public EventWithDeliveriesView get(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("eventId") String eventId, @QueryParam("environment") @NotNull Environment environment) {
        return EventWithDeliveriesView.of(listing.get(companyId, environment, eventId));
    }

    @POST
    @Path("/{eventId}/redeliver")
    @Operation(summary = "Send an event again, now, to every enabled endpoint subscribed to it (and its callback URL)",
            description = "The webhook-id stays the event id, so a receiver that already has it can drop the copy.")
    public Response redeliver(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("eventId") String eventId, @QueryParam("environment") @NotNull Environment environment) {
        return Response.accepted(new ScheduledView(redelivery.redeliver(companyId, environment, eventId))).build();
    }

    /** {@code since}: ISO 8601 UTC; deliveries of events since then that were given up are sent again. */
    public record RecoverRequest(@NotBlank String since) {
    }

    @POST
    @Path("/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"since": "2026-11-20T00:00:00Z"}""")))
    @Operation(summary = "Send again every failed (given-up) delivery of events since a time (at most 30 days back)")
    public Response recover(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @QueryParam("environment") @NotNull Environment environment, @Valid @NotNull RecoverRequest request) {
        return Response.accepted(new ScheduledView(redelivery.recoverFailed(companyId, environment, request.since())))
                .build();
    }
}
