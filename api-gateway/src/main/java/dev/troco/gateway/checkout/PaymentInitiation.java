package dev.troco.gateway.checkout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.events.Topics;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.common.FeePayer;
import dev.troco.events.common.HostedCheckout;
import dev.troco.events.common.Party;
import dev.troco.events.common.PaymentMethod;
import dev.troco.gateway.charge.ChargeCreation;
import dev.troco.gateway.domain.Company;
import dev.troco.gateway.messaging.EventWaiter;
import dev.troco.gateway.ratelimit.RateLimitSettings;
import dev.troco.gateway.ratelimit.RateLimiter;
import dev.troco.kit.id.Ids;
import dev.troco.kit.outbox.Outbox;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * {@code POST /payment/initiate}: the public_key names the company and environment; the merchant's
 * identifier is unique there (seed 002's unique_id rule: a repeat returns the payment already
 * made, and publishes nothing). A new payment is a checkout session and a CreateCharge command,
 * written in one transaction; the answer waits a bounded time for the charge so that the page is
 * ready when the buyer arrives (past the wait the command is still carried out and the page says
 * it is being prepared).
 */
@ApplicationScoped
public class PaymentInitiation {

    private static final Logger LOG = Logger.getLogger(PaymentInitiation.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CUSTOM_NUMBER = Pattern.compile("[\\x20-\\x7E]{1,64}");

    private final Outbox outbox;
    private final EventWaiter waiter;
    private final EntityManager entityManager;
    private final RateLimiter limiter;
    private final RateLimitSettings rateLimits;
    private final ChargeCreation.Settings chargeSettings;
    private final CheckoutSettings settings;
    private final ObjectMapper json;
    private final Clock clock;

    PaymentInitiation(Outbox outbox, EventWaiter waiter, EntityManager entityManager, RateLimiter limiter,
            RateLimitSettings rateLimits, ChargeCreation.Settings chargeSettings, CheckoutSettings settings,
            ObjectMapper json, Clock clock) {
        this.outbox = outbox;
        this.waiter = waiter;
        this.entityManager = entityManager;
        this.limiter = limiter;
        this.rateLimits = rateLimits;
        this.chargeSettings = chargeSettings;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** The live credential of a public key; 401 when unknown or revoked. */
    public CheckoutCredential authenticate(String publicKey) {
        return QuarkusTransaction.requiringNew()
                .call(() -> CheckoutCredential.live(publicKey))
                .orElseThrow(() -> new ApiException(ProblemCode.INVALID_API_KEY,
                        "The public_key is malformed, unknown or revoked"));
    }

    /** Counts a request against the public key's quota (the size of an API key's); the caller refuses it if not allowed. */
    public RateLimiter.Decision admit(CheckoutCredential credential) {
        RateLimitSettings.Quotas quotas = Environment.valueOf(credential.environment) == Environment.PRODUCTION
                ? rateLimits.production() : rateLimits.sandbox();
        return limiter.consume("checkout:" + credential.id,
                new RateLimiter.Quota("checkout", quotas.perKey(), quotas.windowSeconds()));
    }

    /**
     * Counts an invalid request (unreadable, unknown public_key, invalid fields) from {@code clientIp}; past
     * {@code troco.gateway.rate-limit.invalid-checkout-requests-per-second}, its invalid requests are answered 429
     * with Retry-After.
     */
    public void countInvalid(String clientIp) {
        RateLimiter.Decision decision = limiter.consume("checkout-invalid:" + clientIp,
                new RateLimiter.Quota("checkout-invalid", rateLimits.invalidCheckoutRequestsPerSecond(), 1));
        if (!decision.allowed()) {
            throw ApiException.retryAfter(ProblemCode.QUOTA_EXCEEDED, "Too many invalid checkout requests from "
                    + clientIp + "; retry after " + decision.retryAfterSeconds() + " s", decision.retryAfterSeconds());
        }
    }

    /** The session of this identifier: made now, or the one a previous call with it made. */
    public CheckoutSession initiate(CheckoutCredential credential, InitiateRequest request) {
        Environment environment = Environment.valueOf(credential.environment);
        var existing = QuarkusTransaction.requiringNew().call(() ->
                CheckoutSession.byIdentifier(credential.companyId, credential.environment, request.identifier()));
        if (existing.isPresent()) {
            return repeated(existing.get(), request);
        }
        Company company = QuarkusTransaction.requiringNew().call(() -> Company.<Company>findById(credential.companyId));
        String sessionId = Ids.next("chk");
        String chargeId = Ids.next("chg");
        Instant now = clock.instant();
        CreateCharge command = command(company, environment, sessionId, chargeId, request, now);
        CompletableFuture<SpecificRecord> answer = waiter.register(chargeId, 0);
        try {
            boolean inserted = QuarkusTransaction.requiringNew().call(() -> {
                org.hibernate.query.NativeQuery<?> insert = entityManager.createNativeQuery("""
                        INSERT INTO checkout_session (id, company_id, environment, identifier, charge_id, page_key,
                            amount_cents, currency, details, site_name, site_logo, success_url, cancel_url, ipn_url,
                            customer, billing_info, shipping_info, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
                        ON CONFLICT (company_id, environment, identifier) DO NOTHING""")
                        .unwrap(org.hibernate.query.NativeQuery.class);
                insert.setParameter(1, sessionId).setParameter(2, credential.companyId)
                        .setParameter(3, credential.environment).setParameter(4, request.identifier())
                        .setParameter(5, chargeId).setParameter(6, pageKey())
                        .setParameter(7, request.amountCents()).setParameter(8, request.currency())
                        .setParameter(9, request.details()).setParameter(10, request.siteName())
                        .setParameter(11, request.siteLogo(), String.class).setParameter(12, request.successUrl())
                        .setParameter(13, request.cancelUrl()).setParameter(14, request.ipnUrl())
                        .setParameter(15, write(request.customer())).setParameter(16, write(request.billingInfo()), String.class)
                        .setParameter(17, write(request.shippingInfo()), String.class).setParameter(18, now);
                int rows = insert.executeUpdate();
                if (rows == 1) {
                    outbox.publish(Topics.CHARGE_COMMANDS, command);
                }
                return rows == 1;
            });
            if (!inserted) {
                // the same identifier won a race with this call: that payment is the answer
                return repeated(QuarkusTransaction.requiringNew().call(() -> CheckoutSession.byIdentifier(
                        credential.companyId, credential.environment, request.identifier())).orElseThrow(), request);
            }
            awaitCharge(chargeId, answer);
            return QuarkusTransaction.requiringNew().call(() -> CheckoutSession.<CheckoutSession>findById(sessionId));
        } finally {
            answer.cancel(false);
        }
    }

    public String redirectUrl(CheckoutSession session) {
        String base = settings.publicBaseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/checkout/" + session.pageKey;
    }

    /**
     * A repeated identifier returns its payment only when the repeat is the same request: every field must match.
     * The public_key is public, so anyone can send an identifier first; comparing only the amount would hand the
     * merchant's buyer (and the IPN) to whoever chose the URLs and customer of the first call.
     */
    private CheckoutSession repeated(CheckoutSession session, InitiateRequest request) {
        List<String> differing = new ArrayList<>();
        if (session.amountCents != request.amountCents()) {
            differing.add("amount");
        }
        compare(differing, "currency", session.currency, request.currency());
        compare(differing, "details", session.details, request.details());
        compare(differing, "site_name", session.siteName, request.siteName());
        compare(differing, "site_logo", session.siteLogo, request.siteLogo());
        compare(differing, "success_url", session.successUrl, request.successUrl());
        compare(differing, "cancel_url", session.cancelUrl, request.cancelUrl());
        compare(differing, "ipn_url", session.ipnUrl, request.ipnUrl());
        compareJson(differing, "customer", session.customer, request.customer());
        compareJson(differing, "billing_info", session.billingInfo, request.billingInfo());
        compareJson(differing, "shipping_info", session.shippingInfo, request.shippingInfo());
        if (!differing.isEmpty()) {
            throw new ApiException(ProblemCode.CONFLICT, "identifier " + request.identifier()
                    + " was already used for a payment with other " + String.join(", ", differing)
                    + "; a repeat must be the same request: use a new identifier");
        }
        return session;
    }

    private static void compare(List<String> differing, String field, String stored, String sent) {
        if (!java.util.Objects.equals(blankToNull(stored), blankToNull(sent))) {
            differing.add(field);
        }
    }

    private void compareJson(List<String> differing, String field, String stored, Object sent) {
        try {
            com.fasterxml.jackson.databind.JsonNode storedTree = stored == null ? null : json.readTree(stored);
            com.fasterxml.jackson.databind.JsonNode sentTree = sent == null ? null : json.valueToTree(sent);
            boolean storedEmpty = storedTree == null || storedTree.isNull();
            boolean sentEmpty = sentTree == null || sentTree.isNull();
            if (storedEmpty != sentEmpty || (!storedEmpty && !storedTree.equals(sentTree))) {
                differing.add(field);
            }
        } catch (JsonProcessingException e) {
            differing.add(field);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private void awaitCharge(String chargeId, CompletableFuture<SpecificRecord> answer) {
        try {
            answer.get(chargeSettings.createWaitMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.infof("charge %s of a checkout not confirmed within the wait; the page will show it once it is",
                    chargeId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private CreateCharge command(Company company, Environment environment, String sessionId, String chargeId,
            InitiateRequest request, Instant now) {
        InitiateRequest.Customer customer = request.customer();
        String phone = customer.mobile().replaceAll("[^0-9]", "");
        return CreateCharge.newBuilder()
                .setMeta(CommandMetadata.newBuilder()
                        .setCommandId(Ids.uuid7())
                        .setIssuedAt(now)
                        .setMerchantId(company.id)
                        .setEnvironment(environment)
                        .setAggregateId(chargeId)
                        .setActor("checkout:" + sessionId)
                        .build())
                .setMerchantName(company.name)
                // PIX and boleto exist in reais only; other currencies are paid by card on the page
                .setMethod("BRL".equals(request.currency()) ? PaymentMethod.PIX : PaymentMethod.CARD)
                .setAmountCents(request.amountCents())
                .setCurrency(request.currency())
                .setCustomNumber(CUSTOM_NUMBER.matcher(request.identifier()).matches() ? request.identifier() : null)
                .setDescription(request.details())
                .setExpiresAt(now.plus(settings.payableFor()))
                .setBuyer(Party.newBuilder()
                        .setName(customer.firstName() + " " + customer.lastName())
                        .setEmail(customer.email())
                        .setPhone(phone.isEmpty() ? null : phone)
                        .build())
                .setFeePayer(FeePayer.PAYEE_FROM_APP)
                .setCheckout(HostedCheckout.newBuilder()
                        .setSessionId(sessionId)
                        .setIdentifier(request.identifier())
                        .setIpnUrl(request.ipnUrl())
                        .build())
                .build();
    }

    /** 256 random bits, URL-safe: the capability that opens the page. */
    private static String pageKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write checkout data", e);
        }
    }
}
