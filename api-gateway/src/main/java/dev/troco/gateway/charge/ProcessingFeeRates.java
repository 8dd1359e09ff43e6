package dev.troco.gateway.charge;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.gateway.domain.Company;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A company's processing fee rate, kept by its owner the charge-service (DESIGN: charge-service
 * owns fees): the gateway checks that the company exists, then reads or sets it there. The answer
 * is the charge-service's JSON, passed through.
 */
@ApplicationScoped
public class ProcessingFeeRates {

    private final ChargeServiceClient chargeService;
    private final ObjectMapper json;

    ProcessingFeeRates(@RestClient ChargeServiceClient chargeService, ObjectMapper json) {
        this.chargeService = chargeService;
        this.json = json;
    }

    /** The current rate ({@code ratePercent}, {@code defaultRate}, {@code since}) and {@code history}, as JSON. */
    public String read(String companyId) {
        requireCompany(companyId);
        return call(() -> chargeService.processingFeeRate(companyId));
    }

    /**
     * Sets the rate of the company's charges created from now on; the same rate again changes nothing.
     *
     * @throws ApiException 400 naming the field when the charge-service refuses the value
     */
    public String set(String companyId, String ratePercent, String reason, String setBy) {
        requireCompany(companyId);
        return call(() -> chargeService.setProcessingFeeRate(companyId,
                new ChargeServiceClient.ProcessingFeeRateChange(ratePercent, reason, setBy)));
    }

    /**
     * What a merchant sees of its own rate: the rate and since when, not who set it or why.
     *
     * @param since absent while the company pays the platform's default rate
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CurrentRate(String ratePercent, boolean defaultRate, String since) {
    }

    /** The calling company's current rate (it exists: it has just authenticated). */
    public CurrentRate current(String companyId) {
        String answer = call(() -> chargeService.processingFeeRate(companyId));
        try {
            JsonNode state = json.readTree(answer);
            return new CurrentRate(state.path("ratePercent").asText(), state.path("defaultRate").asBoolean(),
                    state.path("since").isTextual() ? state.path("since").asText() : null);
        } catch (java.io.IOException e) {
            throw unavailable();
        }
    }

    private static void requireCompany(String companyId) {
        boolean exists = companyId != null && companyId.length() <= 64
                && QuarkusTransaction.requiringNew().call(() -> Company.findById(companyId) != null);
        if (!exists) {
            throw ApiException.notFound("Company " + companyId);
        }
    }

    private String call(Supplier<Response> request) {
        try (Response answer = request.get()) {
            return answer.readEntity(String.class);
        } catch (WebApplicationException e) {
            Response refused = e.getResponse();
            if (refused != null && refused.getStatus() >= 400 && refused.getStatus() < 500) {
                throw refusal(refused);
            }
            throw unavailable();
        } catch (ProcessingException e) {
            throw unavailable();
        }
    }

    /** The charge-service's 4xx problem (its code, detail and field errors) as the gateway's own. */
    private ApiException refusal(Response refused) {
        try {
            JsonNode problem = json.readTree(refused.readEntity(String.class));
            ProblemCode code = ProblemCode.valueOf(problem.path("code").asText().toUpperCase(Locale.ROOT));
            List<Problem.FieldError> errors = new ArrayList<>();
            for (JsonNode error : problem.path("errors")) {
                errors.add(new Problem.FieldError(error.path("field").asText(), error.path("code").asText(),
                        error.path("message").asText()));
            }
            return new ApiException(code, problem.path("detail").asText(code.title()), errors);
        } catch (RuntimeException | java.io.IOException e) {
            return unavailable();
        }
    }

    private static ApiException unavailable() {
        return new ApiException(ProblemCode.SERVICE_UNAVAILABLE,
                "Processing fee rates cannot be read or set right now; retry shortly");
    }
}
