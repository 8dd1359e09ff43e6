package dev.troco.notification.ipn;

import dev.troco.events.common.CommandMetadata;
import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.kit.inbox.IncomingMessage;
import dev.troco.kit.inbox.MessageHandler;
import dev.troco.kit.inbox.PoisonMessageException;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Handles the gateway's {@code ActivateIpnSecret}: the checkout credential is committed, so its
 * secret_key may sign. Runs in the inbox's transaction, so a redelivered command changes nothing.
 */
@ApplicationScoped
public class IpnSecretActivator implements MessageHandler {

    private final IpnSecrets secrets;

    IpnSecretActivator(IpnSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (!(message.payload() instanceof ActivateIpnSecret command)) {
            throw new PoisonMessageException("not a command the notification-service handles: "
                    + message.payload().getSchema().getFullName());
        }
        CommandMetadata meta = command.getMeta();
        secrets.activate(meta.getMerchantId(), Environment.of(meta.getEnvironment()), command.getCredentialId());
    }
}
