package dev.troco.gateway.notification;

import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.rest.ApiSecurity;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.gateway.security.RequiresPermission;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The hosted checkout's IPNs, for merchants: which were delivered, which failed and why (every attempt),
 * and sending one again. The gateway checks key, IP and permission, adds the caller's company and
 * environment, and passes the call to the notification-service, which sends IPNs.
 */
@Path("/v1/ipns")
@Tag(name = "Hosted checkout IPNs", description = "Seed 003's IPNs sent to a checkout's ipn_url: their state, every "
        + "attempt, and a redrive. Retries: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 24 h, 24 h, 24 h (±20%).")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.API_KEY)
public class IpnsResource {

    private static final String ID = "[A-Za-z0-9_]{1,64}";

    private final NotificationServiceClient notifications;
    private final MerchantContext merchant;

    IpnsResource(@RestClient NotificationServiceClient notifications, MerchantContext merchant) {
        this.notifications = notifications;
        this.merchant = merchant;
    }

    @GET
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "listIpns", summary = "List IPNs, newest first",
            description = "Filters: status (PENDING, DELIVERED, FAILED), undelivered=true (pending or failed), "
                    + "identifier (the one given to /payment/initiate), chargeId; limit (1-100) and startingAfter.")
    @APIResponse(responseCode = "200", description = "A page of IPNs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "IpnList")))
    public Response list(@QueryParam("status") @Pattern(regexp = "PENDING|DELIVERED|FAILED") String status,
            @QueryParam("undelivered") Boolean undelivered,
            @QueryParam("identifier") @Size(max = 255) String identifier,
            @QueryParam("chargeId") @Pattern(regexp = ID) String chargeId,
            @QueryParam("limit") Integer limit,
            @QueryParam("startingAfter") @Pattern(regexp = ID) String startingAfter) {
        return NotificationsResource.pass(() -> notifications.listIpns(company(), environment(), status, undelivered,
                identifier, chargeId, limit, startingAfter));
    }

    @GET
    @Path("/{ipnId}")
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "getIpn", summary = "One IPN, with every attempt")
    @APIResponse(responseCode = "200", description = "The IPN with its attempts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Ipn")))
    public Response ipn(@PathParam("ipnId") @Pattern(regexp = ID) String ipnId) {
        return NotificationsResource.pass(() -> notifications.getIpn(company(), ipnId, environment()));
    }

    @POST
    @Path("/{ipnId}/redeliver")
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "redeliverIpn",
            summary = "Send an IPN again, now (same webhook-id and data, signed when sent)",
            description = "Whatever its state, as POST /v1/events/{eventId}/redeliver does for webhooks: a failed or "
                    + "pending IPN is due now, and a delivered one is sent once more; its retry schedule starts again. "
                    + "Never sent twice at once: an IPN whose attempt is under way is left to that attempt.")
    @APIResponse(responseCode = "202", description = "Scheduled: the IPN, PENDING, due now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Ipn")))
    public Response redeliver(@PathParam("ipnId") @Pattern(regexp = ID) String ipnId) {
        return NotificationsResource.pass(() -> notifications.redeliverIpn(company(), ipnId, environment()));
    }

    private String company() {
        return merchant.companyId();
    }

    private String environment() {
        return merchant.environment().name();
    }
}
