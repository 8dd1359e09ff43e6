package dev.troco.notification.config;

import dev.troco.kit.crypto.SecretBox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Base64;

/** Builds the secret box from {@code troco.notification.encryption-key} once, failing at start if the key is missing or weak. */
@Singleton
public class SecretBoxProducer {

    @Produces
    @Singleton
    SecretBox secretBox(NotificationSettings settings) {
        return new SecretBox(Base64.getDecoder().decode(settings.encryptionKey()));
    }
}
