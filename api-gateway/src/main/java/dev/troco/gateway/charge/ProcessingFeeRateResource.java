package dev.troco.gateway.charge;

import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.rest.ApiSecurity;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.gateway.security.RequiresPermission;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The company's own processing fee rate, the one its next charge will be charged at. */
@Path("/v1/processing-fee-rate")
@Tag(name = "Charges", description = "Payins. Authenticate with an API key (Authorization: Bearer trk_...)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.API_KEY)
public class ProcessingFeeRateResource {

    private final ProcessingFeeRates rates;
    private final MerchantContext merchant;

    ProcessingFeeRateResource(ProcessingFeeRates rates, MerchantContext merchant) {
        this.rates = rates;
        this.merchant = merchant;
    }

    @GET
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "getProcessingFeeRate", summary = "Your processing fee rate",
            description = "Needs transactions:read. ratePercent is decimal text (\"1.99\" is 1.99% of a charge's amount); "
                    + "defaultRate is true while the company pays the platform's default rate; since is when the current "
                    + "rate took effect. Charges keep the rate they were created at (fees.processingFeeRatePercent).")
    public ProcessingFeeRates.CurrentRate current() {
        return rates.current(merchant.companyId());
    }
}
