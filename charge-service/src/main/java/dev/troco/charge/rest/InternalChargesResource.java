package dev.troco.charge.rest;

import dev.troco.charge.domain.Charge;
import dev.troco.charge.domain.ChargeRefund;
import dev.troco.charge.domain.ChargeStatusChange;
import dev.troco.kit.problem.ApiException;
import jakarta.validation.constraints.NotBlank;
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
 * Reads for the api-gateway (DESIGN: "reads: internal HTTP to the owning service"). Not public:
 * only the gateway may reach this port (NetworkPolicy). The gateway passes the caller's company
 * and environment; a charge of another company or environment is answered 404, never shown.
 */
@Path("/internal/v1/charges")
@Tag(name = "Internal", description = "Reads for the api-gateway only")
@Produces(MediaType.APPLICATION_JSON)
public class InternalChargesResource {

    @GET
    @Path("/{id}")
    @Operation(summary = "One charge of a company, with its status history")
    public ChargeDetails find(@PathParam("id") String id, @QueryParam("merchantId") @NotBlank String merchantId,
            @QueryParam("environment") @NotBlank @Pattern(regexp = "SANDBOX|PRODUCTION") String environment) {
        Charge charge = Charge.findById(id);
        if (charge == null || !charge.merchantId.equals(merchantId) || !charge.environment.equals(environment)) {
            throw ApiException.notFound("Charge " + id);
        }
        return ChargeDetails.of(charge,
                ChargeStatusChange.list("key.chargeId = ?1 order by key.version", id),
                ChargeRefund.list("chargeId = ?1 order by createdAt", id));
    }
}
