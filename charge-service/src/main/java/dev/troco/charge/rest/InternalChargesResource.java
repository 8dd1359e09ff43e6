package dev.troco.charge.rest;

import dev.troco.charge.boleto.BoletoPdf;
import dev.troco.charge.service.BoletoSlips;
import jakarta.inject.Inject;

import dev.troco.charge.domain.Charge;
import dev.troco.charge.domain.ChargeRefund;
import dev.troco.charge.domain.ChargeStatusChange;
import dev.troco.kit.problem.ApiException;
import dev.troco.charge.domain.ChargeStatus;
import dev.troco.charge.pix.QrCodePng;
import io.quarkus.panache.common.Parameters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reads for the api-gateway (DESIGN: "reads: internal HTTP to the owning service"). Not public:
 * only the gateway may reach this port (NetworkPolicy). The gateway passes the caller's company
 * and environment; a charge of another company or environment is answered 404, never shown.
 */
@Path("/internal/v1/charges")
@Tag(name = "Internal", description = "Reads for the api-gateway only")
@Produces(MediaType.APPLICATION_JSON)
public class InternalChargesResource {

    static final int LIMIT_MAX = 100;

    @Inject
    BoletoSlips slips;

    @Inject
    RenderedDocuments rendered;

    @GET
    @Path("/{id}")
    @Operation(summary = "One charge of a company, with its status history")
    public ChargeDetails find(@PathParam("id") String id, @QueryParam("merchantId") @NotBlank String merchantId,
            @QueryParam("environment") @NotBlank @Pattern(regexp = "SANDBOX|PRODUCTION") String environment) {
        return details(List.of(owned(id, merchantId, environment))).get(0);
    }

    /** A page of the company's charges, newest first; the cursor is the last id of the previous page. */
    public record Page(List<ChargeDetails> data, boolean hasMore) {
    }

    @GET
    @Operation(summary = "A company's charges, newest first, with cursor pagination and filters")
    public Page list(@QueryParam("merchantId") @NotBlank String merchantId,
            @QueryParam("environment") @NotBlank @Pattern(regexp = "SANDBOX|PRODUCTION") String environment,
            @QueryParam("status") ChargeStatus status,
            @QueryParam("createdFrom") Instant createdFrom,
            @QueryParam("createdTo") Instant createdTo,
            @QueryParam("customNumber") @Size(max = 64) String customNumber,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(LIMIT_MAX) int limit,
            @QueryParam("startingAfter") @Size(max = 64) String startingAfter) {
        StringBuilder query = new StringBuilder("merchantId = :merchant and environment = :environment");
        Parameters parameters = Parameters.with("merchant", merchantId).and("environment", environment);
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (createdFrom != null) {
            query.append(" and createdAt >= :from");
            parameters.and("from", createdFrom);
        }
        if (createdTo != null) {
            query.append(" and createdAt < :to");
            parameters.and("to", createdTo);
        }
        if (customNumber != null) {
            query.append(" and customNumber = :customNumber");
            parameters.and("customNumber", customNumber);
        }
        if (startingAfter != null) {
            // public ids are time-ordered and sort as text, so the cursor is simply "ids below this one"
            query.append(" and id < :cursor");
            parameters.and("cursor", startingAfter);
        }
        List<Charge> charges = Charge.<Charge>find(query + " order by id desc", parameters)
                .page(0, limit + 1).list();
        boolean hasMore = charges.size() > limit;
        return new Page(details(hasMore ? charges.subList(0, limit) : charges), hasMore);
    }

    @GET
    @Path("/{id}/qrcode.png")
    @Produces("image/png")
    @Operation(summary = "The PIX QR code of a charge, as a PNG")
    public Response qrCode(@PathParam("id") String id, @QueryParam("merchantId") @NotBlank String merchantId,
            @QueryParam("environment") @NotBlank @Pattern(regexp = "SANDBOX|PRODUCTION") String environment,
            @QueryParam("size") @DefaultValue("400") @Min(QrCodePng.SIZE_MIN_PX) @Max(QrCodePng.SIZE_MAX_PX) int size) {
        Charge charge = owned(id, merchantId, environment);
        if (charge.pixCopyPaste == null) {
            throw ApiException.notFound("PIX QR code of charge " + id + " (it is not a PIX charge)");
        }
        String payload = charge.pixCopyPaste;
        return Response.ok(rendered.qrCode(id, size, () -> QrCodePng.render(payload, size)), "image/png")
                .header("Cache-Control", "private, max-age=3600").build();
    }

    @GET
    @Path("/{id}/boleto.pdf")
    @Produces("application/pdf")
    @Operation(summary = "The printable boleto of a charge, as a one-page PDF")
    public Response boletoPdf(@PathParam("id") String id, @QueryParam("merchantId") @NotBlank String merchantId,
            @QueryParam("environment") @NotBlank @Pattern(regexp = "SANDBOX|PRODUCTION") String environment) {
        Charge charge = owned(id, merchantId, environment);
        if (charge.boletoBarcode == null) {
            throw ApiException.notFound("Boleto of charge " + id + " (it is not a boleto charge)");
        }
        var slip = slips.of(charge);
        return Response.ok(rendered.boletoPdf(id, () -> BoletoPdf.render(slip)), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"boleto-" + id + ".pdf\"")
                .header("Cache-Control", "private, max-age=300").build();
    }

    private static Charge owned(String id, String merchantId, String environment) {
        Charge charge = Charge.findById(id);
        if (charge == null || !charge.merchantId.equals(merchantId) || !charge.environment.equals(environment)) {
            throw ApiException.notFound("Charge " + id);
        }
        return charge;
    }

    /** Details of several charges with two more queries in all, not two per charge. */
    private static List<ChargeDetails> details(List<Charge> charges) {
        if (charges.isEmpty()) {
            return List.of();
        }
        List<String> ids = charges.stream().map(c -> c.id).toList();
        Map<String, List<ChargeStatusChange>> history = ChargeStatusChange.<ChargeStatusChange>list(
                        "key.chargeId in ?1 order by key.version", ids).stream()
                .collect(Collectors.groupingBy(h -> h.key.chargeId));
        Map<String, List<ChargeRefund>> refunds = ChargeRefund.<ChargeRefund>list(
                        "chargeId in ?1 order by createdAt", ids).stream()
                .collect(Collectors.groupingBy(r -> r.chargeId));
        return charges.stream().map(c -> ChargeDetails.of(c, history.getOrDefault(c.id, List.of()),
                refunds.getOrDefault(c.id, List.of()))).toList();
    }
}
