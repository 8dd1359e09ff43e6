package dev.troco.notification.rest;

import dev.troco.notification.event.Environment;
import dev.troco.notification.ipn.IpnListing;
import dev.troco.notification.ipn.IpnRedrive;
import dev.troco.notification.rest.IpnViews.IpnView;
import dev.troco.notification.rest.IpnViews.IpnWithAttemptsView;
import dev.troco.notification.rest.WebhookEndpointViews.Page;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The IPNs API, for the api-gateway to proxy as {@code /v1/ipns}: a company's IPNs (seed 003's notifications
 * of hosted-checkout payments), one IPN with its attempts, and a redrive. Not public: only the gateway reaches it.
 */
@Path("/internal/v1/companies/{companyId}/ipns")
@Tag(name = "Internal: IPN")
@Produces(MediaType.APPLICATION_JSON)
public class IpnsResource {

    private static final String COMPANY_ID = "[A-Za-z0-9_-]{1,64}";

    private final IpnListing listing;
    private final IpnRedrive redrive;

    IpnsResource(IpnListing listing, IpnRedrive redrive) {
        this.listing = listing;
        this.redrive = redrive;
    }

    @GET
    @Operation(summary = "List IPNs, newest first",
            description = "Filters: status (PENDING, DELIVERED, FAILED), undelivered=true (pending or given up), "
                    + "identifier (the checkout's), chargeId. Pages: limit (1-100, default 20) and startingAfter "
                    + "(the last id of the previous page).")
    public Page<IpnView> list(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @QueryParam("environment") @NotNull Environment environment, @QueryParam("status") String status,
            @QueryParam("undelivered") @DefaultValue("false") boolean undelivered,
            @QueryParam("identifier") String identifier, @QueryParam("chargeId") String chargeId,
            @QueryParam("limit") Integer limit, @QueryParam("startingAfter") String startingAfter) {
        IpnListing.Page page = listing.list(companyId, environment,
                new IpnListing.Filters(status, undelivered, identifier, chargeId, limit, startingAfter));
        return new Page<>(page.ipns().stream().map(IpnView::of).toList(), page.hasMore());
    }

    @GET
    @Path("/{ipnId}")
    @Operation(summary = "One IPN, with every attempt (time, status, latency, first 1 KB of the answer, error)")
    public IpnWithAttemptsView get(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("ipnId") String ipnId, @QueryParam("environment") @NotNull Environment environment) {
        return IpnWithAttemptsView.of(listing.get(companyId, environment, ipnId));
    }

    @POST
    @Path("/{ipnId}/redeliver")
    @Operation(summary = "Send an IPN again, now, whatever its state (same webhook-id and data, signed afresh)",
            description = "Answers the IPN as scheduled. One whose attempt is in flight is left to that attempt.")
    public Response redeliver(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("ipnId") String ipnId, @QueryParam("environment") @NotNull Environment environment) {
        return Response.accepted(IpnView.of(redrive.redrive(companyId, environment, ipnId))).build();
    }
}
