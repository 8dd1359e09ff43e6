package dev.troco.gateway.notification;

import static dev.troco.gateway.rest.HtmlText.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.gateway.ratelimit.RateLimiter;
import dev.troco.gateway.security.CallerAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The page a person reaches from the confirmation e-mail, before any notification of a company is mailed to them.
 * Opening the link only shows a button: mail scanners open links, so the confirmation itself is the button's POST.
 * The token is never logged; the page keeps no script, no referrer and nothing in caches.
 */
@Path("/email-recipients/confirm")
@Tag(name = "E-mail recipients", description = "A person confirms they want a company's notifications by e-mail")
public class EmailRecipientConfirmationPage {

    private static final String HTML = "text/html; charset=utf-8";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,100}");
    private static final RateLimiter.Quota PER_ADDRESS = new RateLimiter.Quota("email-confirmation", 10, 60);

    private final EmailRecipientConfirmationClient confirmations;
    private final RateLimiter limiter;
    private final CallerAddress caller;
    private final ObjectMapper json;

    EmailRecipientConfirmationPage(@RestClient EmailRecipientConfirmationClient confirmations, RateLimiter limiter,
            CallerAddress caller, ObjectMapper json) {
        this.confirmations = confirmations;
        this.limiter = limiter;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @Produces(HTML)
    @Operation(operationId = "showEmailRecipientConfirmation",
            summary = "The confirmation page the e-mail links to (confirms nothing by itself)")
    @APIResponse(responseCode = "200", description = "The confirmation page, with its button",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response page(@QueryParam("token") String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return page(400, "This confirmation link is not valid. Use the link of the e-mail as it was sent.");
        }
        return html(200, "<p>A company using Troco wants to send its payment notifications to this address.</p>"
                + "<form method=\"post\" action=\"/email-recipients/confirm\">"
                + "<input type=\"hidden\" name=\"token\" value=\"" + token + "\">"
                + "<button type=\"submit\">Yes, send me these notifications</button></form>"
                + "<p>If you did not expect this, close this page: nothing will be sent to you.</p>");
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Produces(HTML)
    @Operation(operationId = "confirmEmailRecipient", summary = "Confirm an e-mail recipient (the page's button)")
    @APIResponse(responseCode = "200", description = "Confirmed",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "The link is unknown, already used or expired",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "429", description = "Too many attempts from this network",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response confirm(@FormParam("token") String token, @Context HttpServerRequest http) {
        RateLimiter.Decision decision = limiter.consume("email-confirmation:" + caller.of(http), PER_ADDRESS);
        if (!decision.allowed()) {
            return Response.fromResponse(page(429, "Too many attempts from your network; try again in a minute."))
                    .header("Retry-After", Long.toString(decision.retryAfterSeconds())).build();
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            return page(400, "This confirmation link is not valid. Use the link of the e-mail as it was sent.");
        }
        try (Response answer = confirmations.confirm(json.createObjectNode().put("token", token).toString())) {
            JsonNode confirmed = json.readTree(answer.readEntity(String.class));
            return html(200, "<p>Confirmed: " + escape(confirmed.path("address").asText())
                    + " will receive the notifications that company " + escape(confirmed.path("companyId").asText())
                    + " chooses to send. Its Moderators can remove the address at any time.</p>");
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                return page(404, "This confirmation link is unknown, already used or expired. If you still want these "
                        + "notifications, ask the company to save its settings again: a new link will be sent.");
            }
            return page(503, "Confirmations cannot be recorded right now; try again in a few minutes.");
        } catch (ProcessingException | java.io.IOException e) {
            return page(503, "Confirmations cannot be recorded right now; try again in a few minutes.");
        }
    }

    /** A page with one message, escaped. */
    private static Response page(int status, String message) {
        return html(status, "<p>" + escape(message) + "</p>");
    }

    /** A page around {@code body}, which must be escaped already. */
    private static Response html(int status, String body) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Troco: confirm e-mail notifications</title></head><body><h1>E-mail notifications</h1>"
                + body + "</body></html>";
        return Response.status(status).type(HTML).entity(html)
                .header("Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
