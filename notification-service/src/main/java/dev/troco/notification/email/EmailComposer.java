package dev.troco.notification.email;

import dev.troco.notification.content.NotificationContent;
import dev.troco.notification.event.Environment;
import dev.troco.notification.event.StoredEvent;
import dev.troco.notification.settings.NotifiableEvents;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;

/** Renders e-mails from the Qute templates in {@code templates/email/}: a plain-text and a simple HTML body each. */
@ApplicationScoped
public class EmailComposer {

    /** A rendered e-mail, ready to be queued. */
    public record Composed(String subject, String text, String html) {
    }

    private final Template eventText;
    private final Template eventHtml;
    private final Template disabledText;
    private final Template disabledHtml;
    private final Template confirmationText;
    private final Template confirmationHtml;
    private final Template invitationText;
    private final Template invitationHtml;

    EmailComposer(@Location("email/event.txt") Template eventText, @Location("email/event.html") Template eventHtml,
            @Location("email/endpoint-disabled.txt") Template disabledText,
            @Location("email/endpoint-disabled.html") Template disabledHtml,
            @Location("email/recipient-confirmation.txt") Template confirmationText,
            @Location("email/recipient-confirmation.html") Template confirmationHtml,
            @Location("email/invitation.txt") Template invitationText,
            @Location("email/invitation.html") Template invitationHtml) {
        this.invitationText = invitationText;
        this.invitationHtml = invitationHtml;
        this.confirmationText = confirmationText;
        this.confirmationHtml = confirmationHtml;
        this.eventText = eventText;
        this.eventHtml = eventHtml;
        this.disabledText = disabledText;
        this.disabledHtml = disabledHtml;
    }

    public Composed event(StoredEvent event, NotificationContent content) {
        String type = event.type().publicName();
        String environment = environment(event.environment());
        return new Composed(SubjectLine.of(subjectPrefix(event.environment()), content.title()),
                eventText.data("content", content).data("companyId", event.companyId())
                        .data("environment", environment).data("eventType", type)
                        .data("eventLabel", NotifiableEvents.label(type)).render(),
                eventHtml.data("content", content).data("companyId", event.companyId())
                        .data("environment", environment).data("eventType", type)
                        .data("eventLabel", NotifiableEvents.label(type)).render());
    }

    public Composed endpointDisabled(String companyId, Environment environment, String endpointId, String url,
            String reason, Instant disabledAt) {
        return new Composed(SubjectLine.of(subjectPrefix(environment), "Webhook endpoint disabled: " + url),
                disabledText.data("companyId", companyId).data("environment", environment(environment))
                        .data("endpointId", endpointId).data("url", url).data("reason", reason)
                        .data("disabledAt", disabledAt.toString()).render(),
                disabledHtml.data("companyId", companyId).data("environment", environment(environment))
                        .data("endpointId", endpointId).data("url", url).data("reason", reason)
                        .data("disabledAt", disabledAt.toString()).render());
    }

    /**
     * The one e-mail an address named in notification settings gets before it confirms: Troco's own
     * words and the company's id only, nothing the company wrote.
     */
    public Composed recipientConfirmation(String companyId, Environment environment, String link, Instant expiresAt) {
        String expires = utc(expiresAt);
        return new Composed("[Troco] Confirm that you want notifications from company " + companyId,
                confirmationText.data("companyId", companyId).data("environment", environment(environment))
                        .data("link", link).data("expiresAt", expires).render(),
                confirmationHtml.data("companyId", companyId).data("environment", environment(environment))
                        .data("link", link).data("expiresAt", expires).render());
    }

    /**
     * A person's invitation (or a second factor reset): the one-time token goes to them and nobody else. The
     * company's and the person's names are text others typed, so the subject is bounded like any merchant text
     * and the HTML body escapes them.
     */
    public Composed invitation(String companyName, String name, String role, boolean reset, String token,
            Instant expiresAt, String apiBase) {
        String subject = reset ? "Set up your sign-in for " + companyName + " again"
                : "You are invited to " + companyName;
        return new Composed(SubjectLine.of("[Troco] ", subject),
                invitationText.data("companyName", companyName).data("name", name).data("role", role)
                        .data("reset", reset).data("token", token).data("expiresAt", utc(expiresAt))
                        .data("apiBase", apiBase).render(),
                invitationHtml.data("companyName", companyName).data("name", name).data("role", role)
                        .data("reset", reset).data("token", token).data("expiresAt", utc(expiresAt))
                        .data("apiBase", apiBase).render());
    }

    private static String utc(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    /** Sandbox mail says so before anything else, so nobody mistakes a test payment for money. */
    private static String subjectPrefix(Environment environment) {
        return environment == Environment.SANDBOX ? "[Troco sandbox] " : "[Troco] ";
    }

    private static String environment(Environment environment) {
        return environment.name().toLowerCase(Locale.ROOT);
    }
}
