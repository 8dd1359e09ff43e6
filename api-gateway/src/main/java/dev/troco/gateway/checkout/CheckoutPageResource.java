package dev.troco.gateway.checkout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.troco.events.charge.ChargeStatusName;
import dev.troco.events.common.CardToken;
import dev.troco.events.common.Environment;
import dev.troco.gateway.card.CardNumber;
import dev.troco.gateway.card.CardTokenizer;
import dev.troco.gateway.card.SandboxCards;
import dev.troco.gateway.charge.ChargeActions;
import dev.troco.gateway.charge.ChargeReader;
import dev.troco.gateway.charge.ChargeSimulation;
import dev.troco.gateway.domain.Company;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The page at seed 003's redirect_url, served by the gateway: amount, the merchant's site name and
 * logo, the PIX QR code and copy-paste code, the boleto's linha digitável and a card form, and in
 * the sandbox a button that pays the charge through the simulation path and sends the buyer to
 * success_url. The page key in the URL is the only credential (256 random bits).
 */
@Path("/checkout/{key}")
@Tag(name = "Hosted checkout")
public class CheckoutPageResource {

    private static final Logger LOG = Logger.getLogger(CheckoutPageResource.class);
    private static final Pattern PAGE_KEY = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern EXPIRY = Pattern.compile("\\s*(0[1-9]|1[0-2])\\s*/\\s*([0-9]{2})\\s*");
    private static final Pattern CVC = Pattern.compile("[0-9]{3,4}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HTML = "text/html;charset=utf-8";

    private final ChargeReader reader;
    private final ChargeActions actions;
    private final MerchantContext merchant;
    private final CheckoutSettings settings;
    private final Clock clock;

    CheckoutPageResource(ChargeReader reader, ChargeActions actions, MerchantContext merchant, CheckoutSettings settings,
            Clock clock) {
        this.reader = reader;
        this.actions = actions;
        this.merchant = merchant;
        this.settings = settings;
        this.clock = clock;
    }

    @GET
    @Produces(HTML)
    @Operation(operationId = "showCheckoutPage",
            summary = "The hosted checkout page (HTML) a buyer is sent to by redirect_url")
    @APIResponse(responseCode = "200", description = "The payment page",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response page(@PathParam("key") String key) {
        CheckoutSession session = session(key);
        if (session == null) {
            return notFound();
        }
        return render(session, null, 200);
    }

    @POST
    @Path("/simulate")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Produces(HTML)
    @Operation(operationId = "simulateCheckoutPayment",
            summary = "Sandbox: pay the checkout's charge as if the buyer had, then go to success_url")
    @APIResponse(responseCode = "303", description = "Paid (sandbox): to the site's success_url")
    @APIResponse(responseCode = "403", description = "Simulated payments exist in the sandbox only",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = "The payment is still being prepared, or no longer payable",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response simulate(@PathParam("key") String key) {
        CheckoutSession session = session(key);
        if (session == null) {
            return notFound();
        }
        if (!Environment.SANDBOX.name().equals(session.environment)) {
            return render(session, "Simulated payments exist in the sandbox only.", 403);
        }
        return settle(session, new ChargeSimulation(ChargeSimulation.Outcome.PAID, null, null), null);
    }

    @POST
    @Path("/cancel")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Produces(HTML)
    @Operation(operationId = "cancelCheckout",
            summary = "The buyer gives up: the charge is canceled (if still open) and the buyer goes to cancel_url")
    @APIResponse(responseCode = "303", description = "Canceled: to the site's cancel_url")
    @APIResponse(responseCode = "409", description = "Still being prepared, or already received and no longer cancelable",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response cancel(@PathParam("key") String key) {
        CheckoutSession session = session(key);
        if (session == null) {
            return notFound();
        }
        actFor(session);
        try {
            actions.cancel(merchant, session.chargeId, "canceled by the buyer on the checkout page");
        } catch (ApiException e) {
            if (e.problemCode() == ProblemCode.NOT_FOUND) {
                return render(session, "The payment is still being prepared; try again in a moment.", 409);
            }
            if (e.problemCode() != ProblemCode.INVALID_STATE) {
                throw e;
            }
            ChargeStatusName status = ChargeActions.statusOf(reader.tree(merchant, session.chargeId)).orElse(null);
            if (status == ChargeStatusName.PAID || status == ChargeStatusName.REFUNDED) {
                // the money arrived first: leaving now would hide a payment from the buyer
                return render(session, "This payment was already received, so it cannot be canceled.", 409);
            }
            // already canceled, expired or declined: nothing left to cancel
        }
        return Response.seeOther(URI.create(session.cancelUrl)).build();
    }

    @POST
    @Path("/card")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Produces(HTML)
    @Operation(operationId = "payCheckoutByCard",
            summary = "Pay the checkout's charge by card (sandbox: documented test numbers decide)")
    @APIResponse(responseCode = "303", description = "Paid: to the site's success_url; otherwise back to the page")
    @APIResponse(responseCode = "402", description = "The card was declined; nothing was charged",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = "The payment is still being prepared, or no longer payable",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "422", description = "Card payments are not available for this payment",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "502", description = "The card could not be processed; nothing was charged",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response card(@PathParam("key") String key, @FormParam("holder") String holder,
            @FormParam("number") String number, @FormParam("expiry") String expiry, @FormParam("cvc") String cvc) {
        CheckoutSession session = session(key);
        if (session == null) {
            return notFound();
        }
        if (!Environment.SANDBOX.name().equals(session.environment)) {
            // no acquirer is connected yet: production card payments are refused before anything is looked at
            return render(session, "Card payments are not available yet; pay with PIX or boleto.", 422);
        }
        if (holder == null || holder.isBlank() || holder.length() > 100) {
            return render(session, "Enter the name on the card.", 400);
        }
        Matcher exp = expiry == null ? null : EXPIRY.matcher(expiry);
        if (exp == null || !exp.matches()) {
            return render(session, "Enter the expiry as MM/YY.", 400);
        }
        YearMonth until = YearMonth.of(2000 + Integer.parseInt(exp.group(2)), Integer.parseInt(exp.group(1)));
        if (until.isBefore(YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)))) {
            return render(session, "This card has expired.", 400);
        }
        if (cvc == null || !CVC.matcher(cvc.trim()).matches()) {
            return render(session, "Enter the 3 or 4 digit security code (CVC).", 400);
        }
        CardNumber card = CardNumber.parse(number).orElse(null);
        if (card == null) {
            return render(session, "The card number is not valid.", 400);
        }
        try {
            if (!Environment.SANDBOX.name().equals(session.environment)) {
                // no acquirer is connected yet: production card payments are refused before anything happens
                return render(session, "Card payments are not available yet; pay with PIX or boleto.", 422);
            }
            SandboxCards.Outcome outcome = SandboxCards.outcome(card).orElse(null);
            if (outcome == null) {
                return render(session, "In the sandbox, use one of the documented test card numbers.", 400);
            }
            LOG.infof("checkout %s: sandbox card %s answered %s", session.id, card, outcome.kind());
            return switch (outcome.kind()) {
                case APPROVED -> settle(session, new ChargeSimulation(ChargeSimulation.Outcome.PAID, null, null),
                        CardTokenizer.token(card, until.getMonthValue(), until.getYear(), holder.trim()));
                // a declined card leaves the payment open: the buyer may try another card, PIX or the boleto
                case DECLINED -> render(session, "The card was declined (" + outcome.reason()
                        + "); nothing was charged. Try another card, or pay with PIX or boleto.", 402);
                case ERROR -> render(session, "The card could not be processed (" + outcome.reason()
                        + "); nothing was charged. Try again.", 502);
            };
        } finally {
            card.forget();
        }
    }

    /**
     * Sends the outcome through the simulation path (with the card that paid, if any) and goes where it
     * leads: success_url once paid, else back here.
     */
    private Response settle(CheckoutSession session, ChargeSimulation simulation, CardToken card) {
        actFor(session);
        try {
            Response answer = actions.simulate(merchant, session.chargeId, simulation, card);
            if (answer.getStatus() == 200 && simulation.outcome() == ChargeSimulation.Outcome.PAID) {
                return Response.seeOther(URI.create(session.successUrl)).build();
            }
        } catch (ApiException e) {
            if (e.problemCode() == ProblemCode.NOT_FOUND) {
                return render(session, "The payment is still being prepared; try again in a moment.", 409);
            }
            if (e.problemCode() != ProblemCode.INVALID_STATE) {
                throw e;
            }
            // already paid, declined or gone: the page says which
        }
        return Response.seeOther(URI.create("/checkout/" + session.pageKey)).build();
    }

    private Response render(CheckoutSession session, String notice, int status) {
        actFor(session);
        JsonNode charge = null;
        try {
            charge = reader.tree(merchant, session.chargeId);
        } catch (ApiException e) {
            if (e.problemCode() != ProblemCode.NOT_FOUND) {
                throw e;
            }
        }
        String statusName = charge == null ? null : charge.path("status").path("name").asText(null);
        String pix = charge == null ? null : text(charge.path("pixCopyPaste"));
        String qr = null;
        if (pix != null && ChargeStatusName.CREATED.displayName().equals(statusName)) {
            qr = Base64.getEncoder().encodeToString(reader.qrCode(merchant, session.chargeId, settings.qrSizePx()));
        }
        String nonce = nonce();
        boolean sandbox = Environment.SANDBOX.name().equals(session.environment);
        String html = CheckoutPageHtml.render(new CheckoutPageHtml.View(session.siteName, session.siteLogo,
                session.details, session.amountCents, session.currency, statusName, pix, qr,
                charge == null ? null : text(charge.path("boleto").path("digitableLine")), sandbox,
                session.successUrl, session.cancelUrl, "/checkout/" + session.pageKey, notice, nonce));
        return Response.status(status).type(HTML).entity(html)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; img-src data: https:"
                        + (sandbox ? " http:" : "") + "; form-action 'self' " + formTargets(session)
                        + "; base-uri 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build();
    }

    private void actFor(CheckoutSession session) {
        Company company = QuarkusTransaction.requiringNew().call(() -> Company.<Company>findById(session.companyId));
        merchant.actForCheckout(session.companyId, company.name, Environment.valueOf(session.environment), session.id);
    }

    private static CheckoutSession session(String key) {
        if (key == null || !PAGE_KEY.matcher(key).matches()) {
            return null;
        }
        return QuarkusTransaction.requiringNew().call(() -> CheckoutSession.byPageKey(key).orElse(null));
    }

    private static Response notFound() {
        return Response.status(404).type(HTML)
                .entity("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>"
                        + "<body><p>This payment page does not exist.</p></body></html>")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .build();
    }

    /** Where the page's forms may lead: itself, and the merchant's success and cancel pages they redirect to. */
    static String formTargets(CheckoutSession session) {
        String success = origin(session.successUrl);
        String cancel = origin(session.cancelUrl);
        return success.equals(cancel) ? success : success + " " + cancel;
    }

    /** scheme://host[:port] of a URL validated at initiation (http or https, with a host). */
    static String origin(String url) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + (host.contains(":") && !host.startsWith("[")
                ? "[" + host + "]" : host) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
