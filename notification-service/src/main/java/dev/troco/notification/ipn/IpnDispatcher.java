package dev.troco.notification.ipn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.kit.net.InvalidUrlException;
import dev.troco.kit.net.OutboundUrl;
import dev.troco.kit.net.OutboundUrlPolicy;
import dev.troco.kit.tx.AfterCommit;
import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.db.Sql;
import dev.troco.notification.delivery.DeliveryAttempts;
import dev.troco.notification.delivery.DeliveryCapacity;
import dev.troco.notification.delivery.DeliveryLane;
import dev.troco.notification.delivery.PostResult;
import dev.troco.notification.delivery.RetrySchedule;
import dev.troco.notification.delivery.WebhookPoster;
import dev.troco.notification.event.Environment;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends due IPNs: claims a batch (SKIP LOCKED, leased so another replica leaves them alone), signs
 * each at the moment of sending with seed 003's recipe over the identifier and that moment's Unix
 * timestamp and with a Standard Webhooks signature over the whole body ({@link IpnBodySignature}),
 * POSTs it as JSON through the SSRF-safe {@link WebhookPoster}, and records the outcome and the attempt
 * (the IPN delivery log, {@link DeliveryAttempts.Log#IPN}). A 2xx answer delivers it; anything else is
 * retried on the webhook {@link RetrySchedule} and ends FAILED when the schedule is exhausted, until a
 * merchant redrives it ({@link IpnRedrive}). Woken by the commit that plans or redrives an IPN, and
 * polled besides.
 *
 * <p>Like webhooks, IPNs go out in a production and a sandbox {@link DeliveryLane} of their own
 * threads (a sandbox checkout anyone can pay with {@code /simulate} never delays a production IPN),
 * companies take turns, and no company or {@code ipn_url} host runs more than its share at once.
 */
@ApplicationScoped
public class IpnDispatcher {

    private static final Logger LOG = Logger.getLogger(IpnDispatcher.class);
    private static final int ERROR_TEXT_MAX = 500;
    /**
     * The IPN's target for concurrency: the authority of its ipn_url as written, computed by the
     * database so that saturated hosts can be left out of a claim.
     */
    private static final String TARGET = "'ipn:' || COALESCE(lower(substring(c.ipn_url from '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)')), '')";

    private final Sql sql;
    private final IpnSecrets secrets;
    private final WebhookPoster poster;
    private final OutboundUrlPolicy urls;
    private final RetrySchedule retries;
    private final DeliveryAttempts log;
    private final NotificationSettings.Delivery settings;
    private final AfterCommit afterCommit;
    private final ObjectMapper json;
    private final Clock clock;
    private final List<DeliveryLane<Due>> lanes;

    IpnDispatcher(Sql sql, IpnSecrets secrets, WebhookPoster poster, OutboundUrlPolicy urls, RetrySchedule retries,
            DeliveryAttempts log, NotificationSettings settings, AfterCommit afterCommit, ObjectMapper json,
            Clock clock) {
        this.sql = sql;
        this.secrets = secrets;
        this.poster = poster;
        this.urls = urls;
        this.retries = retries;
        this.log = log;
        this.settings = settings.delivery();
        this.afterCommit = afterCommit;
        this.json = json;
        this.clock = clock;
        this.lanes = List.of(lane(Environment.PRODUCTION, this.settings.poolSize()),
                lane(Environment.SANDBOX, this.settings.sandboxPoolSize()));
    }

    private DeliveryLane<Due> lane(Environment environment, int poolSize) {
        return new DeliveryLane<>("ipn", environment, poolSize, settings.perCompanyConcurrencyMax(),
                settings.perEndpointConcurrencyMax(), settings.claimBatchSizeMax(), settings.pollIntervalMs(),
                this::claim, new DeliveryLane.Slots<>() {
                    @Override
                    public String company(Due due) {
                        return due.companyId();
                    }

                    @Override
                    public String target(Due due) {
                        return due.target();
                    }
                }, this::attempt);
    }

    void start(@Observes StartupEvent event) {
        lanes.forEach(DeliveryLane::start);
    }

    void stop(@Observes ShutdownEvent event) {
        lanes.forEach(lane -> lane.stop(settings.timeoutMs() + 1_000));
    }

    /** Wakes the dispatcher once the current transaction commits (its IPN is visible then). */
    void wakeAfterCommit() {
        afterCommit.runOnce(this, () -> lanes.forEach(DeliveryLane::wake));
    }

    /**
     * @param attempts every attempt made so far
     * @param failuresInRow the position in the retry schedule (0 when new or just redriven)
     */
    record Due(String id, String type, String data, int attempts, int failuresInRow, String companyId,
            Environment environment, String identifier, String ipnUrl, String target) {
    }

    /**
     * Locks due IPNs of one environment in turns across companies (each company's oldest first),
     * leaving out companies and hosts at their limit, reserves a slot for each it can and leases those.
     * The turns are counted in a CTE because PostgreSQL refuses FOR UPDATE next to a window function;
     * the outer query checks the due condition again on the locked row.
     */
    private DeliveryLane.Claimed<Due> claim(Environment environment, int limit, DeliveryCapacity capacity) {
        List<Due> reserved = new ArrayList<>();
        try {
            int seen = QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                List<Due> due = sql.query("""
                        WITH turns AS (
                            SELECT d.id, d.next_attempt_at,
                                   row_number() OVER (PARTITION BY c.company_id ORDER BY d.next_attempt_at, d.id) AS turn
                              FROM ipn_delivery d JOIN ipn_checkout c ON c.charge_id = d.charge_id
                             WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? AND c.environment = ?
                               AND c.company_id <> ALL (?) AND %1$s <> ALL (?))
                        SELECT d.id, d.type, d.data, d.attempts, d.failures_in_row, c.company_id, c.environment,
                               c.identifier, c.ipn_url, %1$s AS target
                          FROM turns t
                          JOIN ipn_delivery d ON d.id = t.id
                          JOIN ipn_checkout c ON c.charge_id = d.charge_id
                         WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?
                         ORDER BY t.turn, t.next_attempt_at, d.id
                         LIMIT ?
                           FOR UPDATE OF d SKIP LOCKED""".formatted(TARGET),
                        s -> {
                            Sql.setInstant(s, 1, now);
                            s.setString(2, environment.name());
                            Sql.setTextArray(s, 3, capacity.saturatedCompanies());
                            Sql.setTextArray(s, 4, capacity.saturatedTargets());
                            Sql.setInstant(s, 5, now);
                            s.setInt(6, limit);
                        }, row -> new Due(row.getString("id"), row.getString("type"), row.getString("data"),
                                row.getInt("attempts"), row.getInt("failures_in_row"), row.getString("company_id"),
                                Environment.valueOf(row.getString("environment")), row.getString("identifier"),
                                row.getString("ipn_url"), row.getString("target")));
                for (Due candidate : due) {
                    if (capacity.tryReserve(candidate.companyId(), candidate.target())) {
                        reserved.add(candidate);
                    }
                }
                if (!reserved.isEmpty()) {
                    // Leased: a replica dying mid-attempt leaves them due again then; in flight until recorded.
                    Instant until = now.plusMillis(settings.leaseMs());
                    sql.update("UPDATE ipn_delivery SET next_attempt_at = ?, leased_until = ? WHERE id = ANY (?)", s -> {
                        Sql.setInstant(s, 1, until);
                        Sql.setInstant(s, 2, until);
                        Sql.setTextArray(s, 3, reserved.stream().map(Due::id).toList());
                    });
                }
                return due.size();
            });
            return new DeliveryLane.Claimed<>(reserved, seen);
        } catch (RuntimeException e) {
            reserved.forEach(d -> capacity.release(d.companyId(), d.target()));
            throw e;
        }
    }

    private void attempt(Due due) {
        Optional<String> secret = QuarkusTransaction.requiringNew().call(() -> secrets.current(due.companyId(),
                due.environment()));
        PostResult result;
        if (secret.isEmpty()) {
            result = PostResult.failure(clock.instant(), java.time.Duration.ZERO,
                    "the company has no secret_key to sign IPNs with (issue checkout credentials)");
        } else {
            try {
                OutboundUrl url = urls.checkForm(due.ipnUrl(), due.environment() == Environment.PRODUCTION);
                long timestamp = clock.instant().getEpochSecond();
                byte[] body = body(due, secret.get(), timestamp);
                result = poster.post(url, IpnBodySignature.headers(due.id(), timestamp, body, secret.get()), body);
            } catch (InvalidUrlException e) {
                result = PostResult.refused(clock.instant(), java.time.Duration.ZERO, "ipn_url refused: "
                        + e.getMessage());
            }
        }
        record(due, result);
    }

    /**
     * Seed 003's IPN parameters, as JSON. The data was written when the event arrived and is sent as
     * it was written (amounts such as 100.00 keep their two decimals; a re-read would lose them). The
     * status says what happened ({@link IpnStatus}): {@code success} only for a paid checkout.
     */
    byte[] body(Due due, String secretKey, long timestamp) {
        try {
            String envelope = "{\"status\":" + json.writeValueAsString(IpnStatus.of(due.type(), due.data()))
                    + ",\"identifier\":" + json.writeValueAsString(due.identifier())
                    + ",\"signature\":\"" + IpnSignature.sign(due.identifier(), timestamp, secretKey)
                    + "\",\"timestamp\":" + timestamp + ",\"data\":" + due.data() + "}";
            return envelope.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write IPN " + due.id(), e);
        }
    }

    /**
     * The outcome and the attempt, in one transaction. A failure moves the IPN one step on in the schedule;
     * {@code delivered_at} keeps the last delivery, so an IPN redriven after it was delivered still shows it.
     */
    private void record(Due due, PostResult result) {
        int attempts = due.attempts() + 1;
        int failures = result.delivered() ? 0 : due.failuresInRow() + 1;
        Instant now = clock.instant();
        Optional<Instant> next = result.delivered() || result.permanent() ? Optional.empty()
                : retries.nextAttempt(failures, now, result.retryAfter());
        String status = result.delivered() ? "DELIVERED" : next.isPresent() ? "PENDING" : "FAILED";
        String error = result.error() != null ? result.error()
                : result.delivered() ? null : "answered " + result.statusCode();
        QuarkusTransaction.requiringNew().run(() -> {
            sql.update("""
                    UPDATE ipn_delivery SET status = ?, attempts = ?, failures_in_row = ?, next_attempt_at = ?,
                        last_attempt_at = ?, last_status_code = ?, last_error = ?,
                        delivered_at = COALESCE(?, delivered_at), leased_until = NULL
                    WHERE id = ?""", s -> {
                        s.setString(1, status);
                        s.setInt(2, attempts);
                        s.setInt(3, failures);
                        Sql.setInstant(s, 4, next.orElse(null));
                        Sql.setInstant(s, 5, result.startedAt());
                        if (result.statusCode() == null) {
                            s.setNull(6, java.sql.Types.INTEGER);
                        } else {
                            s.setInt(6, result.statusCode());
                        }
                        s.setString(7, error == null ? null
                                : error.substring(0, Math.min(error.length(), ERROR_TEXT_MAX)));
                        Sql.setInstant(s, 8, result.delivered() ? now : null);
                        s.setString(9, due.id());
                    });
            log.insert(DeliveryAttempts.Log.IPN, new DeliveryAttempts.Attempt(due.id(), attempts, result.startedAt(),
                    due.ipnUrl(), result.statusCode(), result.latency().toMillis(), result.responseBody(), result.error()));
        });
        if (result.delivered()) {
            LOG.infof("IPN %s (%s) delivered on attempt %d", due.id(), due.type(), attempts);
        } else {
            LOG.infof("IPN %s (%s) attempt %d failed: %s; %s", due.id(), due.type(), attempts, error,
                    next.map(at -> "next at " + at).orElse("giving up"));
        }
    }
}
