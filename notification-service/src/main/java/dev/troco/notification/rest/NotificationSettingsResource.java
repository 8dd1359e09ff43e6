package dev.troco.notification.rest;

import dev.troco.notification.email.RecipientConfirmations;
import dev.troco.notification.event.Environment;
import dev.troco.notification.rest.WebhookEndpointViews.Page;
import dev.troco.notification.settings.Channel;
import dev.troco.notification.settings.NotifiableEvents;
import dev.troco.notification.settings.NotificationPreference;
import dev.troco.notification.settings.NotificationPreferences;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Notification settings, for the api-gateway to proxy as {@code /v1/notification-settings} with
 * its permission rules ({@code notifications:manage}). Not public: only the gateway reaches it.
 */
@Path("/internal/v1/companies/{companyId}/notification-settings")
@Tag(name = "Internal: notification settings", description = NotificationSettingsResource.SETTINGS_DOC)
@Produces(MediaType.APPLICATION_JSON)
public class NotificationSettingsResource {

    static final String SETTINGS_DOC = "Per event type: the channels that fire (webhook, email, dashboard) and the "
            + "recipients (e-mail addresses, dashboard user ids). Unconfigured types use the defaults: webhook on, "
            + "email and dashboard off.";
    private static final String COMPANY_ID = "[A-Za-z0-9_-]{1,64}";

    private final NotificationPreferences preferences;
    private final RecipientConfirmations confirmations;

    NotificationSettingsResource(NotificationPreferences preferences, RecipientConfirmations confirmations) {
        this.preferences = preferences;
        this.confirmations = confirmations;
    }

    /** A setting as the API shows it. {@code produced}: false for types no service emits yet (their setting waits). */
    public record SettingView(String eventType, String label, boolean produced, List<String> channels,
            List<String> emailRecipients,
            @Schema(description = "The emailRecipients that have not yet confirmed, through the link mailed to them, "
                    + "that they want this company's notifications: they receive nothing until they do")
            List<String> unconfirmedRecipients,
            List<String> dashboardUserIds, boolean configured, Instant updatedAt) {

        static SettingView of(NotificationPreference p, Set<String> unconfirmed) {
            var event = NotifiableEvents.of(p.eventType());
            return new SettingView(p.eventType(), NotifiableEvents.label(p.eventType()),
                    event.map(NotifiableEvents.NotifiableEvent::produced).orElse(false),
                    Arrays.stream(Channel.values()).filter(p::fires).map(Channel::apiName).toList(),
                    p.emailRecipients(), p.emailRecipients().stream().filter(unconfirmed::contains).toList(),
                    p.dashboardUserIds(), p.configured(), p.updatedAt());
        }
    }

    /** The settings' views, with one look-up of which of their addresses are still unconfirmed. */
    private List<SettingView> views(String companyId, List<NotificationPreference> settings) {
        List<String> addresses = settings.stream().flatMap(p -> p.emailRecipients().stream()).distinct().toList();
        Set<String> unconfirmed = Set.copyOf(confirmations.unconfirmedAmong(companyId, addresses));
        return settings.stream().map(p -> SettingView.of(p, unconfirmed)).toList();
    }

    /** The whole setting of one event type; {@code channels} empty turns every channel off. */
    public record SettingRequest(@Size(max = 10) List<String> channels, @Size(max = 100) List<String> emailRecipients,
            @Size(max = 200) List<String> dashboardUserIds) {
    }

    @GET
    @Operation(summary = "Every event type's notification setting (defaults for unconfigured ones)")
    public Page<SettingView> list(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @QueryParam("environment") @NotNull Environment environment) {
        return new Page<>(views(companyId, preferences.list(companyId, environment)), false);
    }

    @GET
    @Path("/{eventType}")
    @Operation(summary = "One event type's notification setting")
    public SettingView get(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("eventType") String eventType, @QueryParam("environment") @NotNull Environment environment) {
        return views(companyId, List.of(preferences.get(companyId, environment, eventType))).get(0);
    }

    @PUT
    @Path("/{eventType}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "example", value = """
                    {"channels": ["webhook", "email", "dashboard"], "emailRecipients": ["finance@loja.example"],
                     "dashboardUserIds": ["usr_01jdq3m5v8k2x9c7b4n6r0t1wz"]}""")))
    @Operation(summary = "Set which channels fire for an event type, and who receives e-mail and dashboard entries",
            description = "Unknown event types or channels, malformed addresses or user ids, and the email or "
                    + "dashboard channel without recipients answer 422 with every bad field.")
    public SettingView put(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("eventType") String eventType, @QueryParam("environment") @NotNull Environment environment,
            @Valid @NotNull SettingRequest request) {
        return views(companyId, List.of(preferences.put(companyId, environment, eventType, request.channels(),
                request.emailRecipients(), request.dashboardUserIds()))).get(0);
    }

    @DELETE
    @Path("/{eventType}")
    @Operation(summary = "Forget an event type's setting: the defaults apply again")
    public Response reset(@PathParam("companyId") @Pattern(regexp = COMPANY_ID) String companyId,
            @PathParam("eventType") String eventType, @QueryParam("environment") @NotNull Environment environment) {
        preferences.reset(companyId, environment, eventType);
        return Response.noContent().build();
    }
}
