package dev.troco.gateway.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits of live dashboard streams on one gateway replica. Streams last for hours, so they are admitted by these
 * bounds of their own and never take one of the merchant requests' in-flight slots.
 */
@ConfigMapping(prefix = "troco.gateway.streams")
public interface StreamSettings {

    /** Streams one replica holds at once, all companies together. */
    @WithDefault("2000")
    int maxTotal();

    /** Streams one person may hold at once (a few browser tabs). */
    @WithDefault("5")
    int maxPerPerson();

    /** Streams the people of one company may hold at once. */
    @WithDefault("200")
    int maxPerCompany();

    /** How often open streams are checked against their sessions: a logout, expiry or removal closes them within it. */
    @WithDefault("5000")
    long sessionCheckIntervalMs();
}
