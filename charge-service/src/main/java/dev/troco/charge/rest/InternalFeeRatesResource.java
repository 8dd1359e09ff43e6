package dev.troco.charge.rest;

import dev.troco.charge.service.ProcessingFeeRates;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A company's processing fee rate, for the api-gateway's admin door only (the operator's token is
 * checked there; this port is reachable from the gateway alone, see InternalChargesResource).
 */
@Path("/internal/v1/companies/{companyId}/processing-fee-rate")
@Tag(name = "Internal: fees", description = "For the api-gateway only: the operator's processing fee rates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalFeeRatesResource {

    static final String COMPANY_ID = "cmp_[A-Za-z0-9_-]{1,60}";

    private final ProcessingFeeRates rates;

    InternalFeeRatesResource(ProcessingFeeRates rates) {
        this.rates = rates;
    }

    /**
     * A new rate for the company's future charges.
     *
     * @param ratePercent decimal text, e.g. "1.99" for 1.99%: text, so that no binary fraction creeps in
     * @param setBy       who asks, as the gateway identifies the operator
     */
    public record SetRateRequest(@NotNull @Size(max = 24) String ratePercent,
            @NotBlank @Size(max = 500) String reason, @NotBlank @Size(max = 200) String setBy) {
    }

    @GET
    @Operation(summary = "A company's current processing fee rate and its history, newest first")
    public ProcessingFeeRates.State get(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId) {
        return rates.state(companyId);
    }

    @PUT
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"ratePercent": "1.99", "reason": "Volume contract 2027", "setBy": "admin-token from 10.0.0.7"}""")))
    @Operation(summary = "Set a company's processing fee rate for its charges created from now on",
            description = "Setting the rate the company already has changes nothing, so a retry is harmless.")
    public ProcessingFeeRates.State set(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @Valid @NotNull SetRateRequest request) {
        return rates.set(companyId, request.ratePercent(), request.reason(), request.setBy());
    }
}
