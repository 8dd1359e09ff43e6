package dev.troco.gateway.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.gateway.domain.AppUser;
import dev.troco.gateway.domain.Membership;
import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.rest.ApiSecurity;
import dev.troco.gateway.security.MerchantContext;
import dev.troco.gateway.security.RequiresPermission;
import dev.troco.kit.id.Ids;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Notification settings (seed 001's Notifications menu): per event type, the channels that fire and
 * who receives e-mail and dashboard notifications, in the API key's company and environment. The
 * notification-service owns and validates them; the gateway checks that the dashboard users named
 * are people of the company, which only it knows.
 */
@Path("/v1/notification-settings")
@Tag(name = "Notification settings", description = "Per event type: channels (webhook, email, dashboard) and "
        + "recipients. Defaults: webhook on, email and dashboard off. Types: every charge.* event, and "
        + "payout.confirmed, document.requested, document.approved, transaction.under_review (no producer yet).")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = ApiSecurity.API_KEY)
public class NotificationSettingsResource {

    private static final String EVENT_TYPE = "[a-z_]{1,40}\\.[a-z_]{1,40}";

    private final NotificationServiceClient notifications;
    private final MerchantContext merchant;
    private final ObjectMapper json;

    NotificationSettingsResource(@RestClient NotificationServiceClient notifications, MerchantContext merchant,
            ObjectMapper json) {
        this.notifications = notifications;
        this.merchant = merchant;
        this.json = json;
    }

    @GET
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "listNotificationSettings",
            summary = "Every event type's notification setting (defaults where not configured)")
    @APIResponse(responseCode = "200", description = "Every event type's setting",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NotificationSettingList")))
    public Response list() {
        return NotificationsResource.pass(() -> notifications.listSettings(company(), environment()));
    }

    @GET
    @Path("/{eventType}")
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "getNotificationSetting", summary = "One event type's notification setting")
    @APIResponse(responseCode = "200", description = "The setting",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NotificationSetting")))
    public Response get(@PathParam("eventType") @Pattern(regexp = EVENT_TYPE) String eventType) {
        return NotificationsResource.pass(() -> notifications.getSetting(company(), eventType, environment()));
    }

    @PUT
    @Path("/{eventType}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "setNotificationSetting", summary = "Set the channels and recipients of an event type",
            description = "channels: any of webhook, email, dashboard (empty: none). emailRecipients: up to 20 "
                    + "addresses (required with email). dashboardUserIds: people of the company (required with "
                    + "dashboard). Bad fields answer 422 with each one listed.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "NotificationSettingRequest"), examples = @ExampleObject(name = "setting",
            value = "{\"channels\": [\"webhook\", \"email\", \"dashboard\"], "
                    + "\"emailRecipients\": [\"finance@loja.example\"], "
                    + "\"dashboardUserIds\": [\"usr_01jdq3m5v8k2x9c7b4n6r0t1wz\"]}")))
    @APIResponse(responseCode = "200", description = "The setting as stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NotificationSetting")))
    @APIResponse(responseCode = "422", description = "unprocessable: an unknown event type or bad fields, each listed in errors")
    public Response put(@PathParam("eventType") @Pattern(regexp = EVENT_TYPE) String eventType,
            @NotNull @Size(max = 16_384) String body) {
        requireCompanyPeople(body);
        return NotificationsResource.pass(() -> notifications.putSetting(company(), eventType, environment(), body));
    }

    @DELETE
    @Path("/{eventType}")
    @RequiresPermission(Permission.NOTIFICATIONS_MANAGE)
    @Operation(operationId = "resetNotificationSetting",
            summary = "Forget an event type's setting (the defaults apply again)")
    @APIResponse(responseCode = "204", description = "Forgotten: the defaults apply again")
    public Response reset(@PathParam("eventType") @Pattern(regexp = EVENT_TYPE) String eventType) {
        return NotificationsResource.pass(() -> notifications.resetSetting(company(), eventType, environment()));
    }

    /**
     * Every id in {@code dashboardUserIds} must be a person (not an API user) of the caller's company;
     * the rest of the body is the notification-service's to judge. A body that is not JSON is passed
     * on as it is, to be refused there.
     */
    private void requireCompanyPeople(String body) {
        JsonNode ids;
        try {
            ids = json.readTree(body).path("dashboardUserIds");
        } catch (JsonProcessingException e) {
            return;
        }
        if (!ids.isArray()) {
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String userId = ids.get(i).isTextual() ? ids.get(i).asText() : null;
            boolean person = userId != null && Ids.isValid("usr", userId) && Membership.of(userId, company()).isPresent()
                    && AppUser.<AppUser>findByIdOptional(userId).filter(u -> !u.isApiUser()).isPresent();
            if (!person) {
                errors.add(new Problem.FieldError("dashboardUserIds[" + i + "]", "unknown_user",
                        "is not a person of this company"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.UNPROCESSABLE, "The notification setting has invalid fields", errors);
        }
    }

    private String company() {
        return merchant.companyId();
    }

    private String environment() {
        return merchant.environment().name();
    }
}
