package dev.troco.notification.email;

import dev.troco.events.common.CommandMetadata;
import dev.troco.events.notification.InvitationReason;
import dev.troco.events.notification.SendInvitation;
import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Mails the gateway's {@code SendInvitation} to the invitee, the only one who ever sees the token (the gateway's
 * answer to the inviter holds none). Runs in the inbox's transaction, and the job is keyed by the command id, so a
 * redelivered command mails nothing twice. An invitation that expired before it could be mailed is dropped: its
 * token could no longer activate anything, and the Moderator sees it expired and invites again.
 */
@ApplicationScoped
public class InvitationMailer {

    private static final Logger LOG = Logger.getLogger(InvitationMailer.class);

    private final EmailJobs jobs;
    private final EmailComposer composer;
    private final NotificationSettings.Email settings;
    private final Clock clock;

    InvitationMailer(EmailJobs jobs, EmailComposer composer, NotificationSettings settings, Clock clock) {
        this.jobs = jobs;
        this.composer = composer;
        this.settings = settings.email();
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void mail(SendInvitation invitation) {
        CommandMetadata meta = invitation.getMeta();
        Instant now = clock.instant();
        if (!invitation.getExpiresAt().isAfter(now)) {
            LOG.warnf("invitation of user %s (company %s) expired at %s before it could be mailed: dropped",
                    meta.getAggregateId(), meta.getMerchantId(), invitation.getExpiresAt());
            return;
        }
        boolean reset = invitation.getReason() == InvitationReason.SECOND_FACTOR_RESET;
        jobs.enqueue("invite:" + meta.getCommandId(), meta.getMerchantId(), Environment.of(meta.getEnvironment()),
                invitation.getEmail(), composer.invitation(invitation.getCompanyName(), invitation.getName(),
                        invitation.getRole(), reset, invitation.getInvitationToken(), invitation.getExpiresAt(),
                        apiBase()), now);
    }

    /** The gateway's public origin: where the confirmation page is served, and so where the API answers. */
    private String apiBase() {
        URI page = URI.create(settings.confirmationUrl());
        return page.getScheme() + "://" + page.getRawAuthority();
    }
}
