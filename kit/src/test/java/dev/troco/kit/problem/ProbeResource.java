package dev.troco.kit.problem;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A test-only endpoint that fails in every way a real one can, to check how failures are answered. */
@Path("/probe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProbeResource {

    public record Title(@NotNull @Positive @Max(10_000_000_000L) Long amountInCents, @Size(max = 10) String instructions) {
    }

    public record Order(@NotBlank String customNumber, @NotNull @Valid Title title, List<@Positive Long> splits) {
    }

    @POST
    @Path("/orders")
    public Order create(@Valid @NotNull Order order) {
        return order;
    }

    @GET
    @Path("/orders/{id}")
    public Order find(@PathParam("id") String id) {
        throw ApiException.notFound("Order " + id);
    }

    @GET
    @Path("/search")
    public List<Order> search(@QueryParam("limit") @Max(100) int limit, @QueryParam("open") Boolean open) {
        return List.of();
    }

    @GET
    @Path("/boom")
    public Order boom() {
        throw new IllegalStateException("secret internal detail at com.example.Database");
    }
}
