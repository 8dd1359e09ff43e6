package dev.troco.gateway.internal;

import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.Membership;
import dev.troco.gateway.domain.Role;
import dev.troco.kit.problem.ApiException;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reads for Troco's own services, like the services' {@code /internal/v1} reads for the gateway:
 * not public. The Ingress routes only {@code /v1} to the gateway, and the NetworkPolicy lets only
 * the notification-service reach it besides the ingress controller. As a second fence, a request
 * that came through a proxy (it carries {@code Forwarded} or {@code X-Forwarded-For}, as everything
 * from the ingress does) is answered 404, as if nothing were here.
 */
@Path("/internal/v1/companies/{companyId}")
@Tag(name = "Internal: directory", description = "For Troco's services only; never routed from outside")
@Produces(MediaType.APPLICATION_JSON)
public class InternalDirectoryResource {

    /** A Moderator the notification-service can write to. */
    public record ModeratorView(String userId, String email, String name) {
    }

    public record Moderators(List<ModeratorView> data) {
    }

    @GET
    @Path("/moderators")
    @Operation(summary = "The company's Moderators with an active account (for e-mail about the company's integration)")
    public Moderators moderators(@PathParam("companyId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String companyId,
            @HeaderParam("Forwarded") String forwarded, @HeaderParam("X-Forwarded-For") String forwardedFor) {
        if (forwarded != null || forwardedFor != null) {
            throw ApiException.notFound("Resource");
        }
        List<ModeratorView> moderators = Membership.<Membership>list("key.companyId = ?1 and role = ?2", companyId,
                        Role.MODERATOR.name()).stream()
                .map(m -> AppUser.<AppUser>findById(m.key.userId))
                .filter(u -> u != null && !u.isApiUser() && u.isActive())
                .map(u -> new ModeratorView(u.id, u.email, u.name))
                .toList();
        return new Moderators(moderators);
    }
}
