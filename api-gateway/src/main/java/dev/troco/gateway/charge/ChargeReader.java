package dev.troco.gateway.charge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.kit.id.Ids;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads a charge from its owner, the charge-service, for the calling company and environment
 * only: anything else (another company's id, a malformed id) is a 404 that shows nothing.
 */
@ApplicationScoped
public class ChargeReader {

    private final ChargeServiceClient chargeService;
    private final ObjectMapper json;

    ChargeReader(@RestClient ChargeServiceClient chargeService, ObjectMapper json) {
        this.chargeService = chargeService;
        this.json = json;
    }

    /** The charge as JSON text. */
    public String json(MerchantContext merchant, String id) {
        if (!Ids.isValid("chg", id)) {
            throw ApiException.notFound("Charge " + id);
        }
        try (Response answer = chargeService.find(id, merchant.companyId(), merchant.environment().name())) {
            return answer.readEntity(String.class);
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                throw ApiException.notFound("Charge " + id);
            }
            throw unavailable();
        } catch (ProcessingException e) {
            throw unavailable();
        }
    }

    /** A page of the company's charges as JSON text ({@code data}, {@code hasMore}). */
    public String list(MerchantContext merchant, ChargeListQuery query) {
        try (Response answer = chargeService.list(merchant.companyId(), merchant.environment().name(),
                query.status(), query.createdFrom(), query.createdTo(), query.customNumber(), query.limit(),
                query.startingAfter())) {
            return answer.readEntity(String.class);
        } catch (WebApplicationException | ProcessingException e) {
            throw unavailable();
        }
    }

    /** The PIX QR code of a charge as PNG bytes. */
    public byte[] qrCode(MerchantContext merchant, String id, int size) {
        if (!Ids.isValid("chg", id)) {
            throw ApiException.notFound("Charge " + id);
        }
        try (Response answer = chargeService.qrCode(id, merchant.companyId(), merchant.environment().name(), size)) {
            return answer.readEntity(byte[].class);
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                throw ApiException.notFound("PIX QR code of charge " + id);
            }
            throw unavailable();
        } catch (ProcessingException e) {
            throw unavailable();
        }
    }

    /** The printable boleto of a charge as PDF bytes. */
    public byte[] boletoPdf(MerchantContext merchant, String id) {
        if (!Ids.isValid("chg", id)) {
            throw ApiException.notFound("Charge " + id);
        }
        try (Response answer = chargeService.boletoPdf(id, merchant.companyId(), merchant.environment().name())) {
            return answer.readEntity(byte[].class);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status == 404) {
                throw ApiException.notFound("Boleto of charge " + id);
            }
            if (status == 422) {
                throw new ApiException(ProblemCode.UNPROCESSABLE,
                        "This charge's boleto cannot be printed: it has no payer name and CPF/CNPJ");
            }
            throw unavailable();
        } catch (ProcessingException e) {
            throw unavailable();
        }
    }

    /** Filters of {@code GET /v1/charges}, already validated. */
    public record ChargeListQuery(String status, String createdFrom, String createdTo, String customNumber, int limit,
            String startingAfter) {
    }

    public JsonNode tree(MerchantContext merchant, String id) {
        try {
            return json.readTree(json(merchant, id));
        } catch (JsonProcessingException e) {
            throw unavailable();
        }
    }

    private static ApiException unavailable() {
        return new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "Charges cannot be read right now; retry shortly");
    }
}
