package dev.troco.gateway.charge;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The charge-service's internal read API ({@code quarkus.rest-client.charge-service.url}). */
@RegisterRestClient(configKey = "charge-service")
@Path("/internal/v1/charges")
public interface ChargeServiceClient {

    /** The charge as JSON, or a 404 problem when it is not the company's; the answer is passed through. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Response find(@PathParam("id") String id, @QueryParam("merchantId") String merchantId,
            @QueryParam("environment") String environment);

    /** A page of the company's charges: {@code data} and {@code hasMore}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Response list(@QueryParam("merchantId") String merchantId, @QueryParam("environment") String environment,
            @QueryParam("status") String status, @QueryParam("createdFrom") String createdFrom,
            @QueryParam("createdTo") String createdTo, @QueryParam("customNumber") String customNumber,
            @QueryParam("limit") int limit, @QueryParam("startingAfter") String startingAfter);

    @GET
    @Path("/{id}/qrcode.png")
    @Produces("image/png")
    Response qrCode(@PathParam("id") String id, @QueryParam("merchantId") String merchantId,
            @QueryParam("environment") String environment, @QueryParam("size") int size);

    @GET
    @Path("/{id}/boleto.pdf")
    @Produces("application/pdf")
    Response boletoPdf(@PathParam("id") String id, @QueryParam("merchantId") String merchantId,
            @QueryParam("environment") String environment);
}
