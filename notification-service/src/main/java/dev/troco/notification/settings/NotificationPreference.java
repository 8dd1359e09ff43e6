package dev.troco.notification.settings;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a company wants for one event type in one environment.
 *
 * @param configured false while the company has not configured this type (the defaults apply)
 * @param updatedAt null while not configured
 */
public record NotificationPreference(
        String eventType,
        Set<Channel> channels,
        List<String> emailRecipients,
        List<String> dashboardUserIds,
        boolean configured,
        Instant updatedAt) {

    /**
     * The defaults: webhooks on, as before settings existed (an endpoint's own event type list still
     * decides what it gets); e-mail and dashboard off, since nobody has named recipients yet.
     */
    public static NotificationPreference defaults(String eventType) {
        return new NotificationPreference(eventType, EnumSet.of(Channel.WEBHOOK), List.of(), List.of(), false, null);
    }

    public boolean fires(Channel channel) {
        return channels.contains(channel);
    }
}
