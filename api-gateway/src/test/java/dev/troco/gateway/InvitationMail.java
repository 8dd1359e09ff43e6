package dev.troco.gateway;

import static org.awaitility.Awaitility.await;

import dev.troco.events.MessageCodec;
import dev.troco.events.Topics;
import dev.troco.events.notification.InvitationReason;
import dev.troco.events.notification.SendInvitation;
import dev.troco.testing.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the notification-service would mail an invitee: the gateway never answers an invitation's token, so a test
 * reads the {@code SendInvitation} commands the gateway publishes (one probe of the test broker for the whole JVM).
 */
final class InvitationMail {

    private static final MessageCodec CODEC = MessageCodec.standard();
    private static TopicProbe probe;

    private InvitationMail() {
    }

    private static synchronized TopicProbe probe() {
        if (probe == null) {
            probe = TopicProbe.read(Topics.NOTIFICATION_COMMANDS);
        }
        return probe;
    }

    /** Every invitation published for {@code email} so far, oldest first. */
    static List<SendInvitation> sentTo(String email) {
        return probe().records().stream()
                .map(record -> CODEC.decode(record.value()))
                .filter(SendInvitation.class::isInstance)
                .map(SendInvitation.class::cast)
                .filter(invitation -> invitation.getEmail().equalsIgnoreCase(email))
                .toList();
    }

    /** The token of the {@code number}th invitation (1 = the first) mailed to {@code email}, once it is published. */
    static SendInvitation awaitInvitation(String email, int number) {
        await().atMost(Duration.ofSeconds(30)).until(() -> sentTo(email).size() >= number);
        return sentTo(email).get(number - 1);
    }

    /** The token of the first invitation mailed to {@code email}. */
    static String tokenFor(String email) {
        return awaitInvitation(email, 1).getInvitationToken();
    }

    /** The newest invitation of {@code reason} to {@code email}, if any was published. */
    static Optional<SendInvitation> latest(String email, InvitationReason reason) {
        List<SendInvitation> sent = sentTo(email).stream().filter(i -> i.getReason() == reason).toList();
        return sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(sent.size() - 1));
    }
}
