package dev.troco.bench.baseline;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/**
 * What the gateway's {@code POST /v1/charges} would cost with nothing behind it: the same HTTP server, JSON
 * binding of a request of the same shape, and a 201 with a body of similar size. The benchmark's HTTP limit.
 */
@Path("/v1/charges")
public class BaselineResource {

    public record Title(String expireDate, long amountInCents, String instructions) {
    }

    public record Buyer(String name, String document, String email) {
    }

    public record ChargeRequest(String method, String customNumber, Title title, Buyer buyer) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(ChargeRequest request) {
        long amount = request.title() == null ? 0 : request.title().amountInCents();
        return Response.status(201).entity(Map.of(
                "id", "chg_" + UUID.randomUUID().toString().replace("-", ""),
                "customNumber", String.valueOf(request.customNumber()),
                "status", Map.of("id", 1, "name", "Created"),
                "amountCents", amount,
                "pixCopyPaste", "00020101021226830014br.gov.bcb.pix2561pix.troco.dev/qr/v2/"
                        + UUID.randomUUID() + "5204000053039865802BR5909LOJA BENCH6009SAO PAULO62070503***6304ABCD"))
                .build();
    }
}
