package dev.troco.notification.rest;

import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.notification.email.RecipientConfirmations;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal (the gateway's public confirmation page posts here): a person confirms, with the token
 * mailed to them, that they want a company's notifications. The answer names the company and the
 * address, masked: the page tells the person what they agreed to, and a token leaks no more than that.
 */
@Path("/internal/v1/email-recipient-confirmations")
@Tag(name = "Internal: notification settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EmailRecipientConfirmationResource {

    private final RecipientConfirmations confirmations;

    EmailRecipientConfirmationResource(RecipientConfirmations confirmations) {
        this.confirmations = confirmations;
    }

    public record ConfirmationRequest(@NotNull @Size(max = 100) String token) {
    }

    public record ConfirmationView(String companyId, String address, boolean confirmed) {
    }

    @POST
    @Operation(summary = "Confirm an e-mail recipient with its mailed token (404 for an unknown, used or expired token)")
    public ConfirmationView confirm(@NotNull @jakarta.validation.Valid ConfirmationRequest request) {
        return confirmations.confirm(request.token())
                .map(c -> new ConfirmationView(c.companyId(), mask(c.address()), true))
                .orElseThrow(() -> new ApiException(ProblemCode.NOT_FOUND,
                        "This confirmation link is unknown, already used or expired"));
    }

    /** {@code f***@loja.example}: enough for the person to recognise, not a directory of addresses. */
    static String mask(String address) {
        int at = address.indexOf('@');
        return at <= 1 ? "***" + address.substring(Math.max(at, 0)) : address.charAt(0) + "***" + address.substring(at);
    }
}
