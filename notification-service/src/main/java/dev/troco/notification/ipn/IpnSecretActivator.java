package dev.troco.notification.ipn;

import dev.troco.events.common.CommandMetadata;
import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Carries out the gateway's {@code ActivateIpnSecret}: the checkout credential is committed, so its secret_key may
 * sign. Runs in the inbox's transaction, so a redelivered command changes nothing.
 */
@ApplicationScoped
public class IpnSecretActivator {

    private final IpnSecrets secrets;

    IpnSecretActivator(IpnSecrets secrets) {
        this.secrets = secrets;
    }

    public void activate(ActivateIpnSecret command) {
        CommandMetadata meta = command.getMeta();
        secrets.activate(meta.getMerchantId(), Environment.of(meta.getEnvironment()), command.getCredentialId());
    }
}
