package dev.troco.gateway.idempotency;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.rest.ApiSecurity;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.gateway.security.RequiresPermission;
import dev.troco.kit.problem.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What became of a request sent with an Idempotency-Key, for a merchant whose call timed out. */
@Path("/v1/idempotency-keys")
@Tag(name = "Idempotency", description = "Look up the outcome of a request by its Idempotency-Key (kept 48 hours)")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.API_KEY)
public class IdempotencyKeysResource {

    private final IdempotencyStore store;
    private final MerchantContext merchant;

    IdempotencyKeysResource(IdempotencyStore store, MerchantContext merchant) {
        this.store = store;
        this.merchant = merchant;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyOutcome(String idempotencyKey, String resourceId, String state, Integer responseStatus,
            @Schema(type = SchemaType.OBJECT, description = "The body answered the first time (a charge, or a "
                    + "problem), replayed as it was; absent while the request is in progress")
            @JsonRawValue String response) {
    }

    @GET
    @Path("/{key}")
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "getIdempotencyKey", summary = "Outcome of a request by its Idempotency-Key",
            description = "state is in_progress while the first request runs, then completed with its status and body.")
    public KeyOutcome lookup(@PathParam("key") String key) {
        IdempotencyStore.Replay record = store.lookup(
                        new IdempotencyStore.Scope(merchant.companyId(), merchant.environment().name(), key))
                .orElseThrow(() -> ApiException.notFound("Idempotency-Key " + key));
        boolean done = record.status() != 0;
        return new KeyOutcome(key, record.resourceId(), done ? "completed" : "in_progress",
                done ? record.status() : null, done ? record.body() : null);
    }
}
