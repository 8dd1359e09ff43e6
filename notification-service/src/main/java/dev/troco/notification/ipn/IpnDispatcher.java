package dev.troco.notification.ipn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.kit.tx.AfterCommit;
import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.db.Sql;
import dev.troco.notification.delivery.PostResult;
import dev.troco.notification.delivery.RetrySchedule;
import dev.troco.notification.delivery.WebhookPoster;
import dev.troco.notification.event.Environment;
import dev.troco.notification.webhook.InvalidWebhookUrlException;
import dev.troco.notification.webhook.WebhookUrl;
import dev.troco.notification.webhook.WebhookUrlPolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends due IPNs: claims a batch (SKIP LOCKED, leased so another replica leaves them alone), signs
 * each at the moment of sending with seed 003's recipe over the identifier and that moment's Unix
 * timestamp and with a Standard Webhooks signature over the whole body ({@link IpnBodySignature}),
 * POSTs it as JSON through the SSRF-safe {@link WebhookPoster}, and records the outcome.
 * A 2xx answer delivers it; anything else is retried on the webhook {@link RetrySchedule} and ends
 * FAILED when the schedule is exhausted. Woken by the commit that plans an IPN, and polled besides.
 */
@ApplicationScoped
public class IpnDispatcher {

    private static final Logger LOG = Logger.getLogger(IpnDispatcher.class);
    /** IPNs claimed per round. */
    static final int CLAIM_BATCH_SIZE_MAX = 20;
    private static final int ERROR_TEXT_MAX = 500;

    private final Sql sql;
    private final IpnSecrets secrets;
    private final WebhookPoster poster;
    private final WebhookUrlPolicy urls;
    private final RetrySchedule retries;
    private final NotificationSettings settings;
    private final AfterCommit afterCommit;
    private final ObjectMapper json;
    private final Clock clock;
    private final Semaphore doorbell = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    IpnDispatcher(Sql sql, IpnSecrets secrets, WebhookPoster poster, WebhookUrlPolicy urls, RetrySchedule retries,
            NotificationSettings settings, AfterCommit afterCommit, ObjectMapper json, Clock clock) {
        this.sql = sql;
        this.secrets = secrets;
        this.poster = poster;
        this.urls = urls;
        this.retries = retries;
        this.settings = settings;
        this.afterCommit = afterCommit;
        this.json = json;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "troco-ipn-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        doorbell.release();
    }

    /** Wakes the dispatcher once the current transaction commits (its IPN is visible then). */
    void wakeAfterCommit() {
        afterCommit.runOnce(this, doorbell::release);
    }

    private void run() {
        while (running) {
            try {
                doorbell.tryAcquire(settings.delivery().pollIntervalMs(), TimeUnit.MILLISECONDS);
                doorbell.drainPermits();
                if (!running) {
                    return;
                }
                List<Due> due;
                do {
                    due = claim();
                    due.forEach(this::attempt);
                } while (running && due.size() == CLAIM_BATCH_SIZE_MAX);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "IPN round failed; retried at the next poll");
            }
        }
    }

    record Due(String id, String type, String data, int attempts, String companyId, Environment environment,
            String identifier, String ipnUrl) {
    }

    private List<Due> claim() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> sql.query("""
                UPDATE ipn_delivery d SET next_attempt_at = ?
                FROM ipn_checkout c
                WHERE d.charge_id = c.charge_id AND d.id IN (
                    SELECT id FROM ipn_delivery WHERE status = 'PENDING' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING d.id, d.type, d.data, d.attempts, c.company_id, c.environment, c.identifier, c.ipn_url""",
                s -> {
                    Sql.setInstant(s, 1, now.plusMillis(settings.delivery().leaseMs()));
                    Sql.setInstant(s, 2, now);
                    s.setInt(3, CLAIM_BATCH_SIZE_MAX);
                }, row -> new Due(row.getString("id"), row.getString("type"), row.getString("data"),
                        row.getInt("attempts"), row.getString("company_id"),
                        Environment.valueOf(row.getString("environment")), row.getString("identifier"),
                        row.getString("ipn_url"))));
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
                WebhookUrl url = urls.checkForm(due.ipnUrl(), due.environment());
                long timestamp = clock.instant().getEpochSecond();
                byte[] body = body(due, secret.get(), timestamp);
                result = poster.post(url, IpnBodySignature.headers(due.id(), timestamp, body, secret.get()), body);
            } catch (InvalidWebhookUrlException e) {
                result = PostResult.failure(clock.instant(), java.time.Duration.ZERO, "ipn_url refused: "
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

    private void record(Due due, PostResult result) {
        int attempts = due.attempts() + 1;
        Instant now = clock.instant();
        Optional<Instant> next = result.delivered() ? Optional.empty()
                : retries.nextAttempt(attempts, now, result.retryAfter());
        String status = result.delivered() ? "DELIVERED" : next.isPresent() ? "PENDING" : "FAILED";
        String error = result.error() != null ? result.error()
                : result.delivered() ? null : "answered " + result.statusCode();
        QuarkusTransaction.requiringNew().run(() -> sql.update("""
                UPDATE ipn_delivery SET status = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?,
                    last_error = ?, delivered_at = ?
                WHERE id = ?""", s -> {
                    s.setString(1, status);
                    s.setInt(2, attempts);
                    Sql.setInstant(s, 3, next.orElse(null));
                    if (result.statusCode() == null) {
                        s.setNull(4, java.sql.Types.INTEGER);
                    } else {
                        s.setInt(4, result.statusCode());
                    }
                    s.setString(5, error == null ? null : error.substring(0, Math.min(error.length(), ERROR_TEXT_MAX)));
                    Sql.setInstant(s, 6, result.delivered() ? now : null);
                    s.setString(7, due.id());
                }));
        if (result.delivered()) {
            LOG.infof("IPN %s (%s) delivered on attempt %d", due.id(), due.type(), attempts);
        } else {
            LOG.infof("IPN %s (%s) attempt %d failed: %s; %s", due.id(), due.type(), attempts, error,
                    next.map(at -> "next at " + at).orElse("giving up"));
        }
    }
}
