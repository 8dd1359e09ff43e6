package dev.troco.gateway.charge;

import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.ratelimit.MerchantQuotas;
import dev.troco.gateway.rest.ApiSecurity;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.gateway.security.RequiresPermission;
import dev.troco.kit.problem.IsoInstant;
import dev.troco.kit.problem.RequestIds;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Payins: create PIX and boleto charges (seed 004's request shape) and read them. */
@Path("/v1/charges")
@Tag(name = "Charges", description = "Payins. Authenticate with an API key (Authorization: Bearer trk_...)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.API_KEY)
public class ChargesResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ChargeCreation creation;
    private final ChargeActions actions;
    private final ChargeReader reader;
    private final MerchantContext merchant;
    private final MerchantQuotas quotas;

    ChargesResource(ChargeCreation creation, ChargeActions actions, ChargeReader reader, MerchantContext merchant,
            MerchantQuotas quotas) {
        this.quotas = quotas;
        this.creation = creation;
        this.actions = actions;
        this.reader = reader;
        this.merchant = merchant;
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "getCharge",
            summary = "Read a charge", description = "Needs transactions:read. The fields and status names of "
            + "seed 004, with statusHistory and payinRefunds. A charge of another company or environment answers 404.")
    @APIResponse(responseCode = "200", description = "The charge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Charge")))
    public Response find(@PathParam("id") String id) {
        return Response.ok(reader.json(merchant, id), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "listCharges", summary = "List charges, newest first",
            description = "Needs transactions:read. Filters: status (Created, Paid, Rejected, Canceled, Refunded, Expired), "
                    + "createdFrom/createdTo (ISO 8601 instants, from inclusive, to exclusive), customNumber. Cursor "
                    + "pagination: limit (1-100, default 20) and startingAfter (the last id of the previous page); "
                    + "the answer has data and hasMore.")
    @APIResponse(responseCode = "200", description = "A page of charges",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ChargeList")))
    public Response list(@QueryParam("status") @Pattern(regexp = "(?i)created|paid|rejected|canceled|refunded|expired",
                    message = "must be one of Created, Paid, Rejected, Canceled, Refunded, Expired") String status,
            @QueryParam("createdFrom") @IsoInstant String createdFrom,
            @QueryParam("createdTo") @IsoInstant String createdTo,
            @QueryParam("customNumber") @Size(max = 64) String customNumber,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @QueryParam("startingAfter") @Pattern(regexp = "chg_[0-9a-z]{26}", message = "must be a charge id") String startingAfter) {
        return Response.ok(reader.list(merchant, new ChargeReader.ChargeListQuery(
                status == null ? null : status.toUpperCase(java.util.Locale.ROOT), createdFrom, createdTo, customNumber,
                limit, startingAfter)), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}/qrcode.png")
    @Produces("image/png")
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "getChargeQrCode",
            summary = "The PIX QR code of a charge (PNG)", description = "size in pixels, 128-2048 (default 400).")
    @APIResponse(responseCode = "200", description = "The PIX QR code",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response qrCode(@PathParam("id") String id,
            @QueryParam("size") @DefaultValue("400") @Min(128) @Max(2048) int size) {
        return Response.ok(reader.qrCode(merchant, id, size), "image/png").build();
    }

    @GET
    @Path("/{id}/boleto.pdf")
    @Produces("application/pdf")
    @RequiresPermission(Permission.TRANSACTIONS_READ)
    @Operation(operationId = "getChargeBoletoPdf", summary = "The printable boleto of a boleto charge (PDF)",
            description = "One A4 page: the payer's receipt and the ficha de compensação with the linha digitável "
                    + "and the barcode, printable at 100% and payable at any bank (sandbox boletos use bank 999 and "
                    + "are not payable).")
    @APIResponse(responseCode = "200", description = "The boleto, one A4 page",
            content = @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response boletoPdf(@PathParam("id") String id) {
        return Response.ok(reader.boletoPdf(merchant, id), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"boleto-" + id + ".pdf\"").build();
    }

    public record BatchRequest(@NotNull @Size(min = 1, max = ChargeCreation.BATCH_SIZE_MAX)
            java.util.List<@NotNull @Valid ChargeBatchItem> charges) {
    }

    public record BatchResponse(java.util.List<ChargeCreation.BatchResult> results) {
    }

    @POST
    @Path("/batch")
    @RequiresPermission(Permission.CHARGES_CREATE)
    @Operation(operationId = "createChargeBatch", summary = "Create up to 100 charges in one call",
            description = "One result per item, in order, each with the status and body the item would have had "
                    + "alone (201, 202, or a problem). An item that fails sinks no other. Give each item its own "
                    + "idempotencyKey to retry the batch safely. Requests with a malformed item shape are refused "
                    + "as a whole (400), since they cannot be read. A batch spends one request of the rate limits "
                    + "per item; one that would exceed them is refused whole (429, nothing created).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "two",
            value = """
                    {"charges": [
                      {"idempotencyKey": "order-1001", "charge": {"method": "pix", "customNumber": "1001",
                       "title": {"expireDate": "2026-12-31T23:59:59", "amountInCents": 5000},
                       "buyer": {"name": "Maria da Silva", "document": "34960826312"}}},
                      {"idempotencyKey": "order-1002", "charge": {"method": "boleto", "customNumber": "1002",
                       "title": {"expireDate": "2026-12-20T23:59:59", "amountInCents": 12990},
                       "buyer": {"name": "Loja Exemplo", "document": "11.222.333/0001-81"}}}]}""")))
    public BatchResponse batch(@Valid @NotNull BatchRequest request) {
        // each item is a charge: the batch spends one request of the quotas per item, or creates nothing
        quotas.spendItems(merchant.keyId(), merchant.companyId(), merchant.environment(), request.charges().size());
        return new BatchResponse(creation.createBatch(merchant, request.charges()));
    }

    public record CancelRequest(@Size(max = 200) String reason) {
    }

    @POST
    @Path("/{id}/cancel")
    @RequiresPermission(Permission.CHARGES_CREATE)
    @Operation(operationId = "cancelCharge", summary = "Cancel a charge that is not paid yet",
            description = "200 with the canceled charge; 409 invalid_state if it is no longer Created.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "cancel", value = "{\"reason\": \"customer gave up\"}")))
    @APIResponse(responseCode = "200", description = "Canceled: the charge as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Charge")))
    @APIResponse(responseCode = "202", description = "Accepted; the charge-service has not answered within the wait: read the charge for the outcome",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ChargeAccepted")))
    @APIResponse(responseCode = "409", description = "invalid_state: the charge is no longer Created")
    public Response cancel(@PathParam("id") String id, @Valid CancelRequest request) {
        return actions.cancel(merchant, id, request == null ? null : request.reason());
    }

    @POST
    @Path("/{id}/refunds")
    @RequiresPermission(Permission.CHARGES_REFUND)
    @Operation(operationId = "refundCharge", summary = "Refund a paid charge, fully or in part",
            description = "Needs the charges:refund permission (charges:create alone answers 403 missing_permission "
                    + "naming charges:refund). Without amountCents, what is left of the paid amount is refunded; several "
                    + "partial refunds may add up to the paid amount. The charge-service decides, and a refund it "
                    + "refuses is answered with the reason, never 202: 409 invalid_state (the charge is not Paid, e.g. "
                    + "already Refunded), 409 chargeback_open (refunds wait until the chargeback is resolved), 409 "
                    + "chargeback_lost (the payer already got the money back through the chargeback), 422 "
                    + "refund_exceeds_paid (more than is left, e.g. the second of two concurrent partial refunds). "
                    + "200 with the charge once refunded; 202 only if the charge-service has not answered within the "
                    + "wait (the refund is still decided: read the charge). Send an Idempotency-Key: a retry with it "
                    + "answers the first answer again, a refusal included.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "partial", value = "{\"amountCents\": 2500, \"reason\": \"one item returned\"}")))
    @APIResponse(responseCode = "200", description = "Refunded: the charge as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Charge")))
    @APIResponse(responseCode = "202", description = "Accepted; the charge-service has not answered yet",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ChargeAccepted")))
    @APIResponse(responseCode = "403", description = "missing_permission: the key lacks charges:refund",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "no refund permission",
                    value = "{\"type\": \"https://troco.dev/problems/missing-permission\", \"status\": 403, "
                            + "\"code\": \"missing_permission\", \"detail\": \"This API key lacks the permission charges:refund\"}")))
    @APIResponse(responseCode = "409", description = "Refused by the charge-service: invalid_state, chargeback_open or chargeback_lost",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "open chargeback",
                    value = "{\"type\": \"https://troco.dev/problems/chargeback-open\", \"status\": 409, "
                            + "\"code\": \"chargeback_open\", \"detail\": \"Charge chg_01jd4x... has an open chargeback; it "
                            + "can be refunded once the chargeback is resolved in the merchant's favour\"}")))
    @APIResponse(responseCode = "422", description = "refund_exceeds_paid: more than what is left of the paid amount",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "too much",
                    value = "{\"type\": \"https://troco.dev/problems/refund-exceeds-paid\", \"status\": 422, "
                            + "\"code\": \"refund_exceeds_paid\", \"detail\": \"A refund of 6000 is more than the 4000 "
                            + "left of the paid amount of charge chg_01jd4x...\"}")))
    public Response refund(@PathParam("id") String id,
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = 255)
            @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be 1-255 printable ASCII characters without spaces")
            String idempotencyKey,
            @Valid @NotNull ChargeRefundRequest request,
            @Context HttpServerRequest http) {
        return actions.refund(merchant, id, idempotencyKey, request, RequestIds.of(http));
    }

    @POST
    @Path("/{id}/simulate")
    @RequiresPermission(Permission.CHARGES_CREATE)
    @Operation(operationId = "simulateChargeOutcome", summary = "Sandbox: simulate the acquirer's outcome for a charge",
            description = "outcome paid (paidAmountCents below the amount for a partial payment), rejected "
                    + "(reasonCode), expired; paid_late on a PIX or boleto charge with an expireDate, Created or "
                    + "Expired (a Created one expires first; the charge becomes Paid with payin_substatus paid_late); "
                    + "on a paid charge chargeback_initiated (reasonCode), then "
                    + "chargeback_resolved_for_client or chargeback_resolved_for_merchant. 403 sandbox_only with a "
                    + "production key.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = {
                @ExampleObject(name = "paid", value = "{\"outcome\": \"paid\"}"),
                @ExampleObject(name = "partially paid", value = "{\"outcome\": \"paid\", \"paidAmountCents\": 500}"),
                @ExampleObject(name = "paid late", value = "{\"outcome\": \"paid_late\"}"),
                @ExampleObject(name = "card declined", value = "{\"outcome\": \"rejected\", \"reasonCode\": \"insufficient_funds\"}"),
                @ExampleObject(name = "chargeback", value = "{\"outcome\": \"chargeback_initiated\", \"reasonCode\": \"fraud\"}")
            }))
    @APIResponse(responseCode = "200", description = "The charge after the simulated outcome",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Charge")))
    @APIResponse(responseCode = "202", description = "Accepted; the charge-service has not answered within the wait: read the charge for the outcome",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ChargeAccepted")))
    @APIResponse(responseCode = "409", description = "invalid_state: the outcome is not possible from the charge's status")
    public Response simulate(@PathParam("id") String id, @Valid @NotNull ChargeSimulation simulation) {
        return actions.simulate(merchant, id, simulation);
    }

    @POST
    @RequiresPermission(Permission.CHARGES_CREATE)
    @Operation(operationId = "createCharge", summary = "Create a charge",
            description = "Needs the charges:create permission. Send an Idempotency-Key (up to 255 printable characters) "
                    + "and retry with the same key and body after a timeout: the first answer is replayed. 201 with the "
                    + "charge once the charge-service created it, or 202 with its id if that takes longer than the wait.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "pix",
            value = """
                    {"method": "pix", "callbackUrl": "https://your-domain.com/webhooks/troco",
                     "customNumber": "ORDER-12345",
                     "title": {"expireDate": "2026-12-31T23:59:59", "amountInCents": 10000,
                               "instructions": "Payment for order #12345"},
                     "buyer": {"name": "Maria da Silva", "document": "34960826312",
                               "email": "maria@example.com"}}""")))
    @APIResponse(responseCode = "201", description = "Created: the charge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Charge")))
    @APIResponse(responseCode = "202", description = "Accepted; still being created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ChargeAccepted")))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still running")
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used with another request")
    @APIResponse(responseCode = "429", description = "Rate limit exceeded; see Retry-After")
    public Response create(
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = 255)
            @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be 1-255 printable ASCII characters without spaces")
            String idempotencyKey,
            @Valid @NotNull ChargeRequest request) {
        return creation.create(merchant, idempotencyKey, request);
    }

}
