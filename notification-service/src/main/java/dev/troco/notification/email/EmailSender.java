package dev.troco.notification.email;

import dev.troco.notification.config.NotificationSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Sends queued e-mails. Each run claims due jobs in a short transaction (locked with
 * {@code SKIP LOCKED} and leased, so replicas never claim the same job), sends each over SMTP
 * outside any transaction, then records the outcome: SENT (never sent again) or due again after
 * {@link EmailRetrySchedule}'s next wait. SMTP being down loses nothing: the jobs wait in the
 * table. A replica dying between the SMTP answer and the SENT mark leaves the job to be sent again
 * when its lease ends; that window of a few milliseconds is the only way a mail goes out twice, and
 * the {@code X-Troco-Email-Id} header lets a reader tell.
 */
@ApplicationScoped
public class EmailSender {

    private static final Logger LOG = Logger.getLogger(EmailSender.class);
    public static final String ID_HEADER = "X-Troco-Email-Id";

    private final EmailJobs jobs;
    private final Mailer mailer;
    private final GatewayDirectoryClient directory;
    private final EmailRetrySchedule schedule;
    private final NotificationSettings.Email settings;
    private final Clock clock;
    private final MeterRegistry metrics;

    EmailSender(EmailJobs jobs, Mailer mailer, @RestClient GatewayDirectoryClient directory, NotificationSettings settings,
            Clock clock, MeterRegistry metrics) {
        this.jobs = jobs;
        this.mailer = mailer;
        this.directory = directory;
        this.settings = settings.email();
        this.schedule = new EmailRetrySchedule(this.settings.retryDelays().orElse(EmailRetrySchedule.STANDARD_DELAYS));
        this.clock = clock;
        this.metrics = metrics;
    }

    @Scheduled(identity = "email-sender", every = "${troco.notification.email.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        List<EmailJob> due;
        try {
            due = QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                return jobs.claimDue(now, settings.claimBatchSizeMax(), now.plus(settings.lease()));
            });
        } catch (RuntimeException e) {
            LOG.warnf("cannot claim due e-mails now (%s); trying again at the next run", e.getMessage());
            return;
        }
        for (EmailJob job : due) {
            if (job.forModerators()) {
                expandToModerators(job);
            } else {
                send(job);
            }
        }
    }

    private void send(EmailJob job) {
        try {
            mailer.send(Mail.withText(job.recipient(), job.subject(), job.textBody()).setHtml(job.htmlBody())
                    .addHeader(ID_HEADER, job.id()));
        } catch (RuntimeException e) {
            failed(job, "SMTP: " + e.getMessage());
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> jobs.markSent(job.id(), clock.instant()));
        metrics.counter("troco.email.sent").increment();
        LOG.infof("e-mail %s sent (%s)", job.id(), mask(job.recipient()));
    }

    /** The Moderators are asked for when the mail is sent, outside any transaction; one job per address replaces this one. */
    private void expandToModerators(EmailJob job) {
        List<GatewayDirectoryClient.Moderator> moderators;
        try {
            GatewayDirectoryClient.Moderators answer = directory.moderators(job.companyId());
            moderators = answer == null || answer.data() == null ? List.of() : answer.data().stream()
                    .filter(m -> m.email() != null && !m.email().isBlank()).toList();
        } catch (RuntimeException e) {
            failed(job, "Moderators of " + job.companyId() + " not readable from the api-gateway: " + e.getMessage());
            return;
        }
        if (moderators.isEmpty()) {
            failed(job, "company " + job.companyId() + " has no active Moderator");
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            for (GatewayDirectoryClient.Moderator moderator : moderators) {
                jobs.enqueue(job.dedupKey() + "|" + moderator.email().toLowerCase(Locale.ROOT), job.companyId(),
                        job.environment(), moderator.email(),
                        new EmailComposer.Composed(job.subject(), job.textBody(), job.htmlBody()), now);
            }
            jobs.markExpanded(job.id(), now);
        });
    }

    private void failed(EmailJob job, String error) {
        int failures = job.attempts() + 1;
        Instant next = schedule.nextAttempt(failures, clock.instant()).orElse(null);
        try {
            QuarkusTransaction.requiringNew().run(() -> jobs.markFailed(job.id(), error, next));
        } catch (RuntimeException e) {
            LOG.warnf("cannot record the failed attempt of e-mail %s (%s); it is tried again when its lease ends",
                    job.id(), e.getMessage());
            return;
        }
        metrics.counter("troco.email.failed", "final", Boolean.toString(next == null)).increment();
        if (next == null) {
            LOG.errorf("e-mail %s given up after %d attempts: %s", job.id(), failures, error);
        } else {
            LOG.warnf("e-mail %s attempt %d failed (%s); next at %s", job.id(), failures, error, next);
        }
    }

    /** Personal data stays out of logs: {@code m***@example.com}. */
    static String mask(String address) {
        int at = address.indexOf('@');
        return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }
}
