package dev.troco.gateway.charge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.troco.events.Topics;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.CreateCharge;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.events.common.FeePayer;
import dev.troco.events.common.Party;
import dev.troco.events.common.PaymentMethod;
import dev.troco.gateway.card.CardTokenizer;
import dev.troco.gateway.card.SandboxCards;
import dev.troco.gateway.idempotency.IdempotencyStore;
import dev.troco.gateway.idempotency.IdempotencyStore.Claim;
import dev.troco.gateway.idempotency.IdempotencyStore.Proceed;
import dev.troco.gateway.idempotency.IdempotencyStore.Replay;
import dev.troco.gateway.messaging.EventWaiter;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.kit.document.InvalidTaxIdException;
import dev.troco.kit.document.TaxId;
import dev.troco.kit.id.Ids;
import dev.troco.kit.money.Money;
import dev.troco.kit.net.InvalidUrlException;
import dev.troco.kit.net.OutboundUrlPolicy;
import dev.troco.kit.outbox.Outbox;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.kit.problem.ProblemWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Creating a charge through the gateway: validate, claim the Idempotency-Key (which fixes the
 * charge id), write the command to the outbox, and wait a bounded time for the charge-service's
 * ChargeCreated: 201 with the charge, or 202 with its id when the wait runs out (the command is
 * still carried out). The answer is stored for replays of the same key.
 */
@ApplicationScoped
public class ChargeCreation {

    /** Brazil's payment rails speak São Paulo time: a date-time without an offset is read in it. */
    private static final ZoneId BRAZIL = ZoneId.of("America/Sao_Paulo");
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    private final Outbox outbox;
    private final EventWaiter waiter;
    private final IdempotencyStore idempotency;
    private final ObjectMapper json;
    private final Settings settings;
    private final ProblemWriter problems;
    private final Clock clock;
    private final ChargeActions actions;
    private final OutboundUrlPolicy urls;

    ChargeCreation(Outbox outbox, EventWaiter waiter, IdempotencyStore idempotency, ObjectMapper json,
            Settings settings, ProblemWriter problems, Clock clock, ChargeActions actions, OutboundUrlPolicy urls) {
        this.actions = actions;
        this.urls = urls;
        this.outbox = outbox;
        this.waiter = waiter;
        this.idempotency = idempotency;
        this.json = json;
        this.settings = settings;
        this.problems = problems;
        this.clock = clock;
    }

    @ConfigMapping(prefix = "troco.gateway.charges")
    public interface Settings {

        /** How long a create waits for the charge-service before answering 202. */
        @WithDefault("3000")
        long createWaitMs();
    }

    public Response create(MerchantContext merchant, String idempotencyKey, ChargeRequest request) {
        Prepared prepared = prepare(merchant, idempotencyKey, request);
        if (prepared instanceof Answered answered) {
            return answered.response();
        }
        Pending pending = (Pending) prepared;
        publish(List.of(pending));
        return finish(pending, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.createWaitMs()));
    }

    /**
     * Seed 002's batch calls: up to {@value #BATCH_SIZE_MAX} charges in one request, one result
     * per item in order. Every valid item's command goes out in one transaction, and all are
     * awaited within one wait; an invalid item gets its own problem and sinks no other.
     */
    public List<BatchResult> createBatch(MerchantContext merchant, List<ChargeBatchItem> items) {
        List<Prepared> prepared = new ArrayList<>();
        for (ChargeBatchItem item : items) {
            try {
                prepared.add(prepare(merchant, item.idempotencyKey(), item.charge()));
            } catch (ApiException e) {
                prepared.add(new Answered(problems.response(problems.problem(e.problemCode(), e.getMessage(),
                        "/v1/charges/batch", null, e.errors()))));
            }
        }
        List<Pending> pending = prepared.stream().filter(Pending.class::isInstance).map(Pending.class::cast).toList();
        publish(pending);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.createWaitMs());
        List<BatchResult> results = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Response response = prepared.get(i) instanceof Pending p ? finish(p, deadline)
                    : ((Answered) prepared.get(i)).response();
            results.add(new BatchResult(i, response.getStatus(), (String) response.getEntity()));
        }
        return results;
    }

    /** One item's outcome in a batch: the status and body it would have had alone. */
    public record BatchResult(int index, int status,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(
                    type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                    description = "The item's answer as if sent alone: the charge (201, 202) or a problem")
            @com.fasterxml.jackson.annotation.JsonRawValue String body) {
    }

    public static final int BATCH_SIZE_MAX = 100;

    /** A create made ready to publish, or already answered (a replayed Idempotency-Key). */
    private sealed interface Prepared permits Pending, Answered {
    }

    private record Pending(IdempotencyStore.Scope scope, String chargeId, CreateCharge command,
            CompletableFuture<SpecificRecord> answer, MerchantContext merchant, SandboxCards.Outcome cardOutcome)
            implements Prepared {
    }

    private record Answered(Response response) implements Prepared {
    }

    private Prepared prepare(MerchantContext merchant, String idempotencyKey, ChargeRequest request) {
        Instant expiresAt = validate(merchant, request);
        CardTokenizer.Tokenized card = request.method() != ChargeRequest.Method.CREDIT_CARD ? null
                : CardTokenizer.tokenize(request.card().number(), request.card().expMonth(), request.card().expYear(),
                        request.card().holderName(), merchant.environment(), clock.instant());
        IdempotencyStore.Scope scope = idempotencyKey == null ? null
                : new IdempotencyStore.Scope(merchant.companyId(), merchant.environment().name(), idempotencyKey);
        Claim claim = scope == null ? new Proceed(Ids.next("chg"))
                : idempotency.claim(scope, hash("POST /v1/charges", request.forHashing()), Ids.next("chg"));
        if (claim instanceof Replay replay) {
            return new Answered(Response.status(replay.status()).entity(replay.body())
                    .type(replay.status() >= 400 ? "application/problem+json" : "application/json")
                    .header("Idempotent-Replayed", "true").build());
        }
        String chargeId = ((Proceed) claim).resourceId();
        CreateCharge command = command(merchant, chargeId, idempotencyKey, request, expiresAt);
        if (card != null) {
            command.setCard(card.token());
        }
        return new Pending(scope, chargeId, command, waiter.register(chargeId, 0), merchant,
                card == null ? null : card.sandboxOutcome());
    }

    /** Writes the commands to the outbox in one transaction; the relay publishes them after the commit. */
    private void publish(List<Pending> pending) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() ->
                    pending.forEach(p -> outbox.publish(Topics.CHARGE_COMMANDS, p.command())));
        } catch (RuntimeException e) {
            for (Pending p : pending) {
                p.answer().cancel(false);
                if (p.scope() != null) {
                    idempotency.release(p.scope());
                }
            }
            throw e;
        }
    }

    /** Waits for the charge-service until {@code deadlineNanos}, then answers 201 or 202 and stores the answer. */
    private Response finish(Pending pending, long deadlineNanos) {
        try {
            Response response = await(pending.chargeId(), pending.answer(),
                    Math.max(0, deadlineNanos - System.nanoTime()));
            if (response.getStatus() == 201 && pending.cardOutcome() != null) {
                response = authorize(pending, response);
            }
            if (pending.scope() != null) {
                idempotency.complete(pending.scope(), response.getStatus(), (String) response.getEntity());
            }
            return response;
        } catch (RuntimeException e) {
            if (pending.scope() != null) {
                idempotency.release(pending.scope());
            }
            throw e;
        } finally {
            pending.answer().cancel(false);
        }
    }

    /**
     * The sandbox's simulated acquirer answers a card charge as soon as it exists: approved (Paid),
     * declined (Rejected with its reason) or a technical error (Rejected, processing_error). The
     * answer is the charge after that outcome; if the outcome is slow, the charge as created.
     */
    private Response authorize(Pending pending, Response created) {
        SandboxCards.Outcome outcome = pending.cardOutcome();
        ChargeSimulation simulation = outcome.kind() == SandboxCards.Outcome.Kind.APPROVED
                ? new ChargeSimulation(ChargeSimulation.Outcome.PAID, null, null)
                : new ChargeSimulation(ChargeSimulation.Outcome.REJECTED, null, outcome.reason());
        Response settled = actions.simulate(pending.merchant(), pending.chargeId(), simulation);
        if (settled.getStatus() != 200) {
            return created;
        }
        return Response.status(201).location(URI.create("/v1/charges/" + pending.chargeId()))
                .type("application/json").entity(settled.getEntity()).build();
    }

    private Response await(String chargeId, CompletableFuture<SpecificRecord> answer, long waitNanos) {
        try {
            SpecificRecord event = answer.get(waitNanos, TimeUnit.NANOSECONDS);
            if (event instanceof ChargeCreated created) {
                return Response.status(201).location(URI.create("/v1/charges/" + chargeId))
                        .type("application/json").entity(write(ChargeView.of(created))).build();
            }
        } catch (TimeoutException e) {
            // the charge-service has not answered yet; the command stays on its way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return Response.status(202).location(URI.create("/v1/charges/" + chargeId)).type("application/json")
                .entity(write(new ChargeView.Accepted(chargeId, "processing",
                        "The charge is being created; GET it or wait for its webhook"))).build();
    }

    private Instant validate(MerchantContext merchant, ChargeRequest request) {
        if (request.method() == ChargeRequest.Method.CREDIT_CARD && request.card() == null) {
            throw ApiException.invalidField("card", "required", "a credit-card charge needs the card");
        }
        if (request.method() != ChargeRequest.Method.CREDIT_CARD && request.card() != null) {
            throw ApiException.invalidField("card", "not_allowed", "only credit-card charges take a card");
        }
        String currency = request.currency() == null ? "BRL" : request.currency();
        try {
            Money.currency(currency);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("currency", "invalid_currency", e.getMessage());
        }
        if (request.appFeeCents() != null && request.appFeeCents() > request.title().amountInCents()) {
            throw ApiException.invalidField("appFeeCents", "above_amount", "must not exceed title.amountInCents");
        }
        if (request.callbackUrl() != null) {
            checkCallbackUrl(merchant.environment(), request.callbackUrl());
        }
        taxId("buyer.document", request.buyer().document());
        if (request.sender() != null) {
            taxId("sender.document", request.sender().document());
        }
        Instant expiresAt = parseExpireDate(request.title().expireDate());
        if (!expiresAt.isAfter(clock.instant())) {
            throw ApiException.invalidField("title.expireDate", "in_the_past", "must be in the future");
        }
        return expiresAt;
    }

    /** A CPF or CNPJ (numeric or alphanumeric) with valid check digits, normalized. */
    private static String taxId(String field, String text) {
        try {
            return TaxId.parse(text).value();
        } catch (InvalidTaxIdException e) {
            throw ApiException.invalidField(field, "invalid_tax_id", e.getMessage());
        }
    }

    static Instant parseExpireDate(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(BRAZIL).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.invalidField("title.expireDate", "invalid_date_time",
                        "must be an ISO 8601 date-time, e.g. 2026-12-31T23:59:59 (São Paulo time) or with an offset");
            }
        }
    }

    /**
     * Seed 004: HTTPS only (plain HTTP in the sandbox, for a merchant's local tests), and never an address
     * Troco must not call: the notification-service's rules ({@link OutboundUrlPolicy}), checked here so
     * that a URL that can never be called is a 400 now rather than a failed delivery later.
     */
    private void checkCallbackUrl(Environment environment, String url) {
        try {
            urls.checkWithoutLookup(url, environment == Environment.PRODUCTION);
        } catch (InvalidUrlException e) {
            throw ApiException.invalidField("callbackUrl", e.code(), e.getMessage());
        }
    }

    private CreateCharge command(MerchantContext merchant, String chargeId, String idempotencyKey,
            ChargeRequest request, Instant expiresAt) {
        return CreateCharge.newBuilder()
                .setMeta(CommandMetadata.newBuilder()
                        .setCommandId(Ids.uuid7())
                        .setIssuedAt(clock.instant())
                        .setMerchantId(merchant.companyId())
                        .setEnvironment(merchant.environment())
                        .setAggregateId(chargeId)
                        .setIdempotencyKey(idempotencyKey)
                        .setActor(merchant.apiUserId())
                        .build())
                .setMerchantName(merchant.companyName())
                .setMethod(switch (request.method()) {
                    case BOLETO -> PaymentMethod.BOLETO;
                    case CREDIT_CARD -> PaymentMethod.CARD;
                    case PIX -> PaymentMethod.PIX;
                })
                .setAmountCents(request.title().amountInCents())
                .setCurrency(request.currency() == null ? "BRL" : request.currency())
                .setCustomNumber(request.customNumber())
                .setDescription(request.title().instructions())
                .setCallbackUrl(request.callbackUrl())
                .setExpiresAt(expiresAt)
                .setBuyer(party(request.buyer()))
                .setSender(request.sender() == null ? null : party(request.sender()))
                .setAppFeeCents(request.appFeeCents() == null ? 0 : request.appFeeCents())
                .setFeePayer(request.feePayer() == null ? FeePayer.PAYEE_FROM_APP
                        : FeePayer.valueOf(request.feePayer().name()))
                .build();
    }

    private static Party party(ChargeRequest.Party party) {
        return Party.newBuilder().setName(party.name()).setDocument(TaxId.parse(party.document()).value())
                .setEmail(party.email()).setPhone(party.phone()).build();
    }

    /**
     * SHA-256 of the method, path and request in canonical JSON: the same request, however
     * formatted, has the same hash; the same body sent to another endpoint does not.
     */
    static String hash(String methodAndPath, Object request) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(request);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((methodAndPath + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the request", e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer", e);
        }
    }
}
