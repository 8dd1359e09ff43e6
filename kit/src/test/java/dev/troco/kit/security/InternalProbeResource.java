package dev.troco.kit.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An internal endpoint for the guard's test. */
@Path("/internal/v1/probe")
public class InternalProbeResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String probe() {
        return "reached";
    }
}
