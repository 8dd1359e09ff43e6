package dev.troco.notification.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a notification goes: the company's webhook endpoints, e-mail to named addresses, the dashboard feed of named users. */
public enum Channel {
    WEBHOOK,
    EMAIL,
    DASHBOARD;

    /** The word used in the API: {@code webhook}, {@code email}, {@code dashboard}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> ofApiName(String name) {
        return Arrays.stream(values()).filter(c -> c.apiName().equals(name)).findFirst();
    }
}
