package dev.troco.notification.messaging;

import dev.troco.events.notification.ActivateIpnSecret;
import dev.troco.events.notification.SendInvitation;
import dev.troco.kit.inbox.IncomingMessage;
import dev.troco.kit.inbox.MessageHandler;
import dev.troco.kit.inbox.PoisonMessageException;
import dev.troco.notification.email.InvitationMailer;
import dev.troco.notification.ipn.IpnSecretActivator;
import jakarta.enterprise.context.ApplicationScoped;

/** The gateway's commands to this service, each to the part that carries it out (in the inbox's transaction). */
@ApplicationScoped
public class NotificationCommandHandler implements MessageHandler {

    private final IpnSecretActivator ipnSecrets;
    private final InvitationMailer invitations;

    NotificationCommandHandler(IpnSecretActivator ipnSecrets, InvitationMailer invitations) {
        this.ipnSecrets = ipnSecrets;
        this.invitations = invitations;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof ActivateIpnSecret activate) {
            ipnSecrets.activate(activate);
        } else if (message.payload() instanceof SendInvitation invitation) {
            invitations.mail(invitation);
        } else {
            throw new PoisonMessageException("not a command the notification-service handles: "
                    + message.payload().getSchema().getFullName());
        }
    }
}
