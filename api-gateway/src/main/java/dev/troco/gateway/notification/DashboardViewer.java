package dev.troco.gateway.notification;

import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.Membership;
import dev.troco.gateway.service.Authentication;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Who is looking at the dashboard feed: the person of a live session ({@code Authorization: Bearer
 * tss_...}) and the company whose feed it is. A person in one company needs not say which; one in
 * several names it ({@code companyId}); a company the person is not in answers 404.
 */
@ApplicationScoped
public class DashboardViewer {

    private static final String BEARER = "Bearer ";

    /** A person and one of their companies. */
    /** The person, the company whose feed they read, and their session (its token hash). */
    public record Viewer(String userId, String companyId, String sessionHash) {
    }

    private final Authentication authentication;

    DashboardViewer(Authentication authentication) {
        this.authentication = authentication;
    }

    /** Blocking (database): call it on a worker thread. */
    public Viewer resolve(String authorization, String companyId, String clientIp) {
        String token = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : null;
        return QuarkusTransaction.requiringNew().call(() -> {
            AppUser user = authentication.userOfSession(token, clientIp);
            if (user == null) {
                throw new ApiException(ProblemCode.INVALID_SESSION, "The session is unknown or expired; log in again");
            }
            List<Membership> memberships = Membership.list("key.userId", user.id);
            if (companyId != null) {
                if (memberships.stream().noneMatch(m -> m.key.companyId.equals(companyId))) {
                    throw ApiException.notFound("Company " + companyId);
                }
                return new Viewer(user.id, companyId, authentication.sessionHash(token));
            }
            if (memberships.size() != 1) {
                throw ApiException.invalidField("companyId", "required",
                        "you belong to " + memberships.size() + " companies: name the one whose feed you want");
            }
            return new Viewer(user.id, memberships.get(0).key.companyId, authentication.sessionHash(token));
        });
    }
}
