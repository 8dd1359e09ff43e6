package dev.troco.gateway.charge;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The charge-service's internal API ({@code quarkus.rest-client.charge-service.url}). */
@RegisterRestClient(configKey = "charge-service")
@Path("/internal/v1")
public interface ChargeServiceClient {

    /** The charge as JSON, or a 404 problem when it is not the company's; the answer is passed through. */
    @GET
    @Path("/charges/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Response find(@PathParam("id") String id, @QueryParam("merchantId") String merchantId,
            @QueryParam("environment") String environment);

    /** A page of the company's charges: {@code data} and {@code hasMore}. */
    @GET
    @Path("/charges")
    @Produces(MediaType.APPLICATION_JSON)
    Response list(@QueryParam("merchantId") String merchantId, @QueryParam("environment") String environment,
            @QueryParam("status") String status, @QueryParam("createdFrom") String createdFrom,
            @QueryParam("createdTo") String createdTo, @QueryParam("customNumber") String customNumber,
            @QueryParam("limit") int limit, @QueryParam("startingAfter") String startingAfter);

    @GET
    @Path("/charges/{id}/qrcode.png")
    @Produces("image/png")
    Response qrCode(@PathParam("id") String id, @QueryParam("merchantId") String merchantId,
            @QueryParam("environment") String environment, @QueryParam("size") int size);

    @GET
    @Path("/charges/{id}/boleto.pdf")
    @Produces("application/pdf")
    Response boletoPdf(@PathParam("id") String id, @QueryParam("merchantId") String merchantId,
            @QueryParam("environment") String environment);

    /** A company's processing fee rate and its history, as JSON. */
    @GET
    @Path("/companies/{companyId}/processing-fee-rate")
    @Produces(MediaType.APPLICATION_JSON)
    Response processingFeeRate(@PathParam("companyId") String companyId);

    /** Sets a company's processing fee rate; a 400 problem names the invalid field. */
    @PUT
    @Path("/companies/{companyId}/processing-fee-rate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response setProcessingFeeRate(@PathParam("companyId") String companyId, ProcessingFeeRateChange change);

    /** The body of {@link #setProcessingFeeRate}. */
    record ProcessingFeeRateChange(String ratePercent, String reason, String setBy) {
    }
}
