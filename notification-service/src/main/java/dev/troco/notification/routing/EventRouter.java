package dev.troco.notification.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.notification.content.NotificationContent;
import dev.troco.notification.dashboard.DashboardFeed;
import dev.troco.notification.delivery.DeliveryPlanner;
import dev.troco.notification.email.EmailComposer;
import dev.troco.notification.email.EmailJobs;
import dev.troco.notification.email.RecipientConfirmations;
import dev.troco.notification.event.StoredEvent;
import dev.troco.notification.settings.Channel;
import dev.troco.notification.settings.NotificationPreference;
import dev.troco.notification.settings.NotificationPreferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Sends a newly stored event where the company's notification settings say, in the transaction
 * that stores it: webhook deliveries, one e-mail job per recipient who confirmed it wants the
 * company's mail ({@link RecipientConfirmations}), one dashboard entry per user.
 * Everything is written or nothing is, so a crash never loses a notification and a redelivered
 * event (dropped by the inbox before it gets here) never doubles one.
 */
@ApplicationScoped
public class EventRouter {

    private final NotificationPreferences preferences;
    private final DeliveryPlanner webhooks;
    private final EmailJobs emails;
    private final EmailComposer composer;
    private final RecipientConfirmations confirmations;
    private final DashboardFeed dashboard;
    private final ObjectMapper json;
    private final Clock clock;

    EventRouter(NotificationPreferences preferences, DeliveryPlanner webhooks, EmailJobs emails, EmailComposer composer,
            RecipientConfirmations confirmations, DashboardFeed dashboard, ObjectMapper json, Clock clock) {
        this.confirmations = confirmations;
        this.preferences = preferences;
        this.webhooks = webhooks;
        this.emails = emails;
        this.composer = composer;
        this.dashboard = dashboard;
        this.json = json;
        this.clock = clock;
    }

    /** @param callbackUrl the aggregate's own webhook URL (a charge's {@code callbackUrl}), or null */
    @Transactional(Transactional.TxType.MANDATORY)
    public void route(StoredEvent event, String callbackUrl) {
        NotificationPreference preference = preferences.effective(event.companyId(), event.environment(),
                event.type().publicName());
        webhooks.plan(event, callbackUrl, preference.fires(Channel.WEBHOOK));
        boolean email = preference.fires(Channel.EMAIL) && !preference.emailRecipients().isEmpty();
        boolean feed = preference.fires(Channel.DASHBOARD) && !preference.dashboardUserIds().isEmpty();
        if (!email && !feed) {
            return;
        }
        NotificationContent content = NotificationContent.of(event, json);
        if (email) {
            EmailComposer.Composed mail = composer.event(event, content);
            Instant now = clock.instant();
            // Only addresses that confirmed they want this company's mail; the others are asked (once).
            Set<String> confirmed = confirmations.confirmedAmong(event.companyId(), preference.emailRecipients());
            confirmations.requestWhereNeeded(event.companyId(), event.environment(),
                    preference.emailRecipients().stream().filter(r -> !confirmed.contains(r.toLowerCase(Locale.ROOT)))
                            .toList());
            for (String recipient : preference.emailRecipients()) {
                if (!confirmed.contains(recipient.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                emails.enqueue("event:" + event.id() + "|" + recipient.toLowerCase(Locale.ROOT), event.companyId(),
                        event.environment(), recipient, mail, now);
            }
        }
        if (feed) {
            for (String userId : preference.dashboardUserIds()) {
                dashboard.add(event.companyId(), event.environment(), userId, event.id(), event.type().publicName(),
                        content.title(), content.summary());
            }
        }
    }
}
