package dev.troco.gateway.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.troco.events.common.Environment;
import dev.troco.gateway.ratelimit.RateLimitHeaders;
import dev.troco.gateway.ratelimit.RateLimiter;
import dev.troco.gateway.security.CallerAddress;
import dev.troco.kit.net.OutboundUrlPolicy;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.kit.problem.RequestIds;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Seed 003's {@code POST /payment/initiate}, in the seed's own shape: snake_case fields, the
 * public_key in the body, and {@code status}/{@code message}/{@code redirect_url} in the answer.
 * The seed documents no failure shape; failures keep its {@code status} ("error") and
 * {@code message} members and carry every RFC 9457 member beside them ({@code type}, {@code title},
 * {@code detail}, {@code code}, {@code requestId}, {@code errors}). RFC 9457 tells clients to
 * ignore a {@code status} member that is not a number, so the document stays valid problem+json;
 * the HTTP status line carries the number.
 */
@Path("/payment/initiate")
@Tag(name = "Hosted checkout", description = "Seed 003: start a payment and send the buyer to Troco's payment page")
public class PaymentInitiateResource {

    static final String MESSAGE_OK = "Payment initiated successfully";

    private final PaymentInitiation initiation;
    private final ObjectMapper mapper;
    private final OutboundUrlPolicy urls;
    private final CallerAddress caller;

    PaymentInitiateResource(PaymentInitiation initiation, ObjectMapper mapper, CallerAddress caller,
            OutboundUrlPolicy urls) {
        this.caller = caller;
        this.urls = urls;
        this.initiation = initiation;
        this.mapper = mapper;
    }

    public record Initiated(String status, String message, @JsonProperty("redirect_url") String redirectUrl) {
    }

    /** A failure: seed 003's status and message, with the problem document's members beside them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String status, String message, String type, String title, String detail, String code,
            String requestId, List<Problem.FieldError> errors) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "initiatePayment", summary = "Start a hosted-checkout payment (seed 003)",
            description = "Authenticated by the company's public_key in the body (pk_test_... in the sandbox, "
                    + "pk_live_... in production; a Moderator issues it). amount is a string or a number in major "
                    + "units with at most two decimals; currency BRL (default), USD, EUR or CAD (PIX and boleto are "
                    + "offered for BRL, a card form for every currency). identifier is unique per company and "
                    + "environment: sending it again returns the same payment (an identifier reused with another "
                    + "amount or currency is 409). ipn_url gets the IPNs, signed with the secret_key. Failures: "
                    + "{\"status\": \"error\", \"message\": ...} plus problem+json members.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "PaymentInitiateRequest"), examples = @ExampleObject(name = "seed 003",
            value = """
                    {"public_key": "pk_test_9c2Vb7Qm1ZxT4kLp8sNw3RyH6dFg0JaE",
                     "amount": "100.00", "currency": "BRL",
                     "customer": {"first_name": "John", "last_name": "Doe", "email": "john@example.com",
                                  "mobile": "+5511987654321"},
                     "details": "Payment for order #123", "identifier": "8f14e45f-ceea-467f-a0e6-3d2b1c9a7f10",
                     "ipn_url": "https://yourdomain.com/ipn", "success_url": "https://yourdomain.com/success",
                     "cancel_url": "https://yourdomain.com/cancel", "site_name": "Your Website",
                     "site_logo": "https://yourdomain.com/logo.png",
                     "billing_info": {"address_one": "Rua Augusta 100", "city": "São Paulo", "state": "SP",
                                      "postcode": "01304-000", "country": "BR"}}""")))
    @APIResponse(responseCode = "200", description = "{\"status\": \"success\", \"message\": \"Payment initiated "
            + "successfully\", \"redirect_url\": \"https://.../checkout/...\"}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PaymentInitiated")))
    @APIResponse(responseCode = "400", description = "Invalid or missing fields: errors[] names each",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "PaymentInitiateFailure")))
    @APIResponse(responseCode = "401", description = "Unknown, malformed or revoked public_key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "PaymentInitiateFailure")))
    @APIResponse(responseCode = "409", description = "identifier already used for a payment with other details (amount, "
            + "currency, URLs, customer...): a repeat must match every field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "PaymentInitiateFailure")))
    @APIResponse(responseCode = "429", description = "The public_key's quota is spent (only valid requests spend it), "
            + "or this address sent too many invalid requests; Retry-After says when to retry. Every answer to a valid "
            + "request carries RateLimit-Policy and RateLimit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "PaymentInitiateFailure")))
    public Response initiate(byte[] body, @Context HttpServerRequest http) {
        List<RateLimiter.Decision> decisions = new ArrayList<>(1);
        Response.ResponseBuilder answer;
        long retryAfter = 0;
        try {
            // The public_key is public: its quota is spent only by valid requests, so junk sent with it cannot
            // exhaust the merchant's quota. Invalid requests are limited per address instead.
            String clientIp = caller.of(http);
            CheckoutCredential credential;
            InitiateRequest request;
            try {
                ObjectNode json = InitiateRequestReader.parse(body);
                credential = initiation.authenticate(InitiateRequestReader.publicKey(json));
                request = InitiateRequestReader.read(json, Environment.valueOf(credential.environment), urls);
            } catch (ApiException invalid) {
                initiation.countInvalid(clientIp);
                throw invalid;
            }
            RateLimiter.Decision decision = initiation.admit(credential);
            decisions.add(decision);
            if (!decision.allowed()) {
                throw new ApiException(ProblemCode.QUOTA_EXCEEDED, "Rate limit of " + decision.quota().limit()
                        + " requests per " + decision.quota().windowSeconds() + " s exceeded for this public_key; "
                        + "retry after " + decision.retryAfterSeconds() + " s");
            }
            CheckoutSession session = initiation.initiate(credential, request);
            answer = Response.ok(new Initiated("success", MESSAGE_OK, initiation.redirectUrl(session)),
                    MediaType.APPLICATION_JSON);
        } catch (ApiException e) {
            retryAfter = e.retryAfterSeconds();
            answer = Response.status(e.problemCode().status()).type(Problem.MEDIA_TYPE)
                    .entity(write(new Failure("error", e.getMessage(), e.problemCode().type(), e.problemCode().title(),
                            e.getMessage(), e.problemCode().code(), RequestIds.of(http),
                            e.errors() == null || e.errors().isEmpty() ? null : e.errors())));
        }
        if (retryAfter > 0) {
            answer.header("Retry-After", Long.toString(retryAfter));
        }
        Response response = answer.build();
        RateLimitHeaders.write(decisions, response.getHeaders());
        return response;
    }

    private String write(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer", e);
        }
    }
}
