package dev.troco.gateway.charge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.troco.events.Topics;
import dev.troco.events.charge.CancelCharge;
import dev.troco.events.charge.ChargeCommandRefused;
import dev.troco.events.charge.ChargeStatusName;
import dev.troco.events.charge.ChargebackStatus;
import dev.troco.events.charge.RefundCharge;
import dev.troco.events.charge.SimulateChargeOutcome;
import dev.troco.events.charge.SimulatedOutcome;
import dev.troco.events.common.CardToken;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.common.Environment;
import dev.troco.gateway.idempotency.IdempotencyStore.Claim;
import dev.troco.gateway.idempotency.IdempotencyStore.Proceed;
import dev.troco.gateway.idempotency.IdempotencyStore.Replay;
import dev.troco.gateway.idempotency.IdempotencyStore;
import dev.troco.gateway.messaging.EventWaiter;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.kit.id.Ids;
import dev.troco.kit.outbox.Outbox;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.kit.problem.ProblemWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What a merchant does to an existing charge: cancel it, refund it (fully or in parts), and in
 * the sandbox make the simulated acquirer report an outcome. Each sends the command and waits a
 * bounded time for the charge-service's event: 200 with the charge as it is now, or 202.
 * A refund is decided by the charge-service alone, which answers a refusal with the reason (see
 * {@link #refund}); cancel and simulate still check the charge's current status first, for a clear
 * 409 instead of a silent no-op, and the charge-service enforces the same rules again.
 */
@ApplicationScoped
public class ChargeActions {

    private final ChargeReader reader;
    private final Outbox outbox;
    private final EventWaiter waiter;
    private final IdempotencyStore idempotency;
    private final ChargeCreation.Settings settings;
    private final ProblemWriter problems;
    private final Clock clock;

    ChargeActions(ChargeReader reader, Outbox outbox, EventWaiter waiter, IdempotencyStore idempotency,
            ChargeCreation.Settings settings, ProblemWriter problems, Clock clock) {
        this.reader = reader;
        this.problems = problems;
        this.outbox = outbox;
        this.waiter = waiter;
        this.idempotency = idempotency;
        this.settings = settings;
        this.clock = clock;
    }

    public Response cancel(MerchantContext merchant, String chargeId, String reason) {
        JsonNode charge = reader.tree(merchant, chargeId);
        requireStatus(charge, ChargeStatusName.CREATED, "canceled");
        return send(merchant, chargeId, charge, CancelCharge.newBuilder()
                .setMeta(meta(merchant, chargeId, null)).setReason(reason).build());
    }

    public Response simulate(MerchantContext merchant, String chargeId, ChargeSimulation simulation) {
        return simulate(merchant, chargeId, simulation, null);
    }

    /** As {@link #simulate(MerchantContext, String, ChargeSimulation)}, for a payment by the given card (hosted checkout). */
    public Response simulate(MerchantContext merchant, String chargeId, ChargeSimulation simulation, CardToken card) {
        if (merchant.environment() != Environment.SANDBOX) {
            throw new ApiException(ProblemCode.SANDBOX_ONLY,
                    "Simulations exist in the sandbox only; in production the acquirer reports outcomes");
        }
        JsonNode charge = reader.tree(merchant, chargeId);
        switch (simulation.outcome()) {
            case PAID, REJECTED, EXPIRED -> requireStatus(charge, ChargeStatusName.CREATED, "given this outcome");
            case PAID_LATE -> {
                String type = charge.path("typePayin").asText();
                if (!type.equals("pix") && !type.equals("boleto") || !charge.hasNonNull("expiresAt")) {
                    throw new ApiException(ProblemCode.INVALID_STATE, "Charge " + chargeId
                            + " has no due date to pay after: only PIX and boleto charges with an expireDate can be paid late");
                }
                // a charge still open, or expired: the statuses the contract lets become Paid
                if (!statusOf(charge).map(s -> s.canBecome(ChargeStatusName.PAID)).orElse(false)) {
                    throw new ApiException(ProblemCode.INVALID_STATE, "Charge " + chargeId + " is "
                            + charge.path("status").path("name").asText() + " and cannot be paid late");
                }
            }
            case CHARGEBACK_INITIATED -> {
                requireStatus(charge, ChargeStatusName.PAID, "disputed");
                if (!charge.path("chargeback").isMissingNode()) {
                    throw new ApiException(ProblemCode.INVALID_STATE, "Charge " + chargeId + " was already disputed");
                }
            }
            case CHARGEBACK_RESOLVED_FOR_CLIENT, CHARGEBACK_RESOLVED_FOR_MERCHANT -> {
                if (!ChargebackStatus.OPEN.name().equals(charge.path("chargeback").path("status").asText())) {
                    throw new ApiException(ProblemCode.INVALID_STATE,
                            "Charge " + chargeId + " has no open chargeback to resolve");
                }
            }
        }
        Long paid = simulation.paidAmountCents();
        if (paid != null && paid > charge.path("amountCents").asLong()) {
            throw ApiException.invalidField("paidAmountCents", "above_amount",
                    "must not exceed the charge's amountCents (" + charge.path("amountCents").asLong() + ")");
        }
        return send(merchant, chargeId, charge, SimulateChargeOutcome.newBuilder()
                .setMeta(meta(merchant, chargeId, null))
                .setOutcome(switch (simulation.outcome()) {
                    case PAID -> SimulatedOutcome.PAID;
                    case PAID_LATE -> SimulatedOutcome.PAID_LATE;
                    case REJECTED -> SimulatedOutcome.REJECTED;
                    case EXPIRED -> SimulatedOutcome.EXPIRED;
                    case CHARGEBACK_INITIATED -> SimulatedOutcome.CHARGEBACK_INITIATED;
                    case CHARGEBACK_RESOLVED_FOR_CLIENT -> SimulatedOutcome.CHARGEBACK_RESOLVED_FOR_CLIENT;
                    case CHARGEBACK_RESOLVED_FOR_MERCHANT -> SimulatedOutcome.CHARGEBACK_RESOLVED_FOR_MERCHANT;
                })
                .setPaidAmountCents(paid)
                .setReasonCode(simulation.reasonCode())
                .setCard(card)
                .build());
    }

    /**
     * Sends the refund as asked: whether the charge can be refunded that amount now (its status, an open
     * chargeback, what is left, a concurrent refund) is the charge-service's to decide, and it answers
     * this command either way. 200 with the charge once refunded; the problem it names (409, or 422
     * refund_exceeds_paid) once refused; 202 if neither came within the wait (the refund is still decided).
     * With an Idempotency-Key, the 200 or the refusal is kept and replayed; a 202 too, as for a create.
     */
    public Response refund(MerchantContext merchant, String chargeId, String idempotencyKey,
            ChargeRefundRequest request, String requestId) {
        // a charge of another company or environment, or none, answers 404 here: the charge-service would ignore it
        reader.tree(merchant, chargeId);
        IdempotencyStore.Scope scope = idempotencyKey == null ? null : new IdempotencyStore.Scope(
                merchant.companyId(), merchant.environment().name(), idempotencyKey);
        Claim claim = scope == null ? new Proceed(Ids.next("ref"))
                : idempotency.claim(scope, ChargeCreation.hash("POST /v1/charges/" + chargeId + "/refunds", request),
                        Ids.next("ref"));
        if (claim instanceof Replay replay) {
            return Response.status(replay.status()).entity(replay.body())
                    .type(replay.status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", "true").build();
        }
        try {
            RefundCharge command = RefundCharge.newBuilder()
                    .setMeta(meta(merchant, chargeId, idempotencyKey))
                    .setRefundId(((Proceed) claim).resourceId())
                    .setAmountCents(request.amountCents()) // none: what is left, as the charge-service counts it
                    .setReason(request.reason())
                    .build();
            Response response = sendAndAwaitAnswer(merchant, chargeId, command,
                    "/v1/charges/" + chargeId + "/refunds", requestId);
            if (scope != null) {
                idempotency.complete(scope, response.getStatus(), (String) response.getEntity());
            }
            return response;
        } catch (RuntimeException e) {
            // nothing was applied: a retry with the key is evaluated afresh
            if (scope != null) {
                idempotency.release(scope);
            }
            throw e;
        }
    }

    /**
     * Publishes a command and waits for the charge-service's answer to that very command (matched by its
     * id, so another request's event on the same charge is not taken for it).
     */
    private Response sendAndAwaitAnswer(MerchantContext merchant, String chargeId, SpecificRecordBase command,
            String instance, String requestId) {
        CommandMetadata meta = (CommandMetadata) command.get("meta");
        return publishAndAwait(merchant, chargeId, command, waiter.registerAnswerTo(chargeId, meta.getCommandId()),
                instance, requestId);
    }

    /**
     * Publishes {@code command} and answers what {@code answer} brings within the wait: the charge as it is now,
     * the refusal as a problem, or 202 (the command is still carried out).
     */
    private Response publishAndAwait(MerchantContext merchant, String chargeId, SpecificRecordBase command,
            CompletableFuture<SpecificRecord> answer, String instance, String requestId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(Topics.CHARGE_COMMANDS, command));
            SpecificRecord event = answer.get(settings.createWaitMs(), TimeUnit.MILLISECONDS);
            if (event instanceof ChargeCommandRefused refused) {
                return problems.response(refusal(refused, instance, requestId));
            }
            return Response.ok(reader.json(merchant, chargeId), MediaType.APPLICATION_JSON).build();
        } catch (TimeoutException e) {
            return Response.status(202).type(MediaType.APPLICATION_JSON)
                    .entity("{\"id\":\"" + chargeId + "\",\"status\":\"processing\"}").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            answer.cancel(false);
        }
    }

    /**
     * The charge-service's refusal as a problem: a code of the catalogue keeps its status, type and title
     * (refund_exceeds_paid stays 422, invalid_state 409); a code the catalogue does not list yet
     * (chargeback_open, chargeback_lost) is a 409 conflict with the charge's state, under its own type.
     */
    private Problem refusal(ChargeCommandRefused refused, String instance, String requestId) {
        String code = refused.getCode();
        for (ProblemCode known : ProblemCode.values()) {
            if (known.code().equals(code) && known.status() >= 400 && known.status() < 500) {
                return problems.problem(known, refused.getDetail(), instance, requestId, null);
            }
        }
        return new Problem(ProblemCode.TYPE_BASE + code.replace('_', '-'), ProblemCode.CONFLICT.title(),
                ProblemCode.CONFLICT.status(), refused.getDetail(), instance, code, requestId, null);
    }

    private Response send(MerchantContext merchant, String chargeId, JsonNode before, SpecificRecordBase command) {
        return publishAndAwait(merchant, chargeId, command,
                waiter.register(chargeId, before.path("version").asLong()), "/v1/charges/" + chargeId, null);
    }

    private static void requireStatus(JsonNode charge, ChargeStatusName status, String action) {
        if (statusOf(charge).orElse(null) != status) {
            throw new ApiException(ProblemCode.INVALID_STATE, "Charge " + charge.path("id").asText() + " is "
                    + charge.path("status").path("name").asText() + " and cannot be " + action);
        }
    }

    /** The charge's status, as the contract's table names it. */
    public static java.util.Optional<ChargeStatusName> statusOf(JsonNode charge) {
        return ChargeStatusName.ofDisplayName(charge.path("status").path("name").asText(null));
    }

    private CommandMetadata meta(MerchantContext merchant, String chargeId, String idempotencyKey) {
        return CommandMetadata.newBuilder()
                .setCommandId(Ids.uuid7())
                .setIssuedAt(clock.instant())
                .setMerchantId(merchant.companyId())
                .setEnvironment(merchant.environment())
                .setAggregateId(chargeId)
                .setIdempotencyKey(idempotencyKey)
                .setActor(merchant.apiUserId())
                .build();
    }
}
