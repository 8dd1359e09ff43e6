package dev.troco.notification;

import dev.troco.testing.openapi.PublicBodiesCheck;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This service's answers the gateway passes through, held to the public document ({@link PublicBodiesCheck}):
 * {@code /internal/v1/companies/{companyId}/X} is {@code /v1/X}, and a person's dashboard
 * ({@code .../dashboard/users/{userId}/notifications}) is {@code /v1/dashboard/notifications}.
 */
public class NotificationPublicBodies extends PublicBodiesCheck {

    private static final Pattern INTERNAL =
            Pattern.compile("/internal/v1/companies/[^/]+(?:(/dashboard)/users/[^/]+)?(/.*)");

    @Override
    protected String publicPath(String internalPath) {
        Matcher internal = INTERNAL.matcher(internalPath);
        if (!internal.matches()) {
            return null;
        }
        return "/v1" + (internal.group(1) == null ? "" : internal.group(1)) + internal.group(2);
    }
}
