package dev.troco.notification.settings;

import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.Problem;
import dev.troco.kit.problem.ProblemCode;
import dev.troco.notification.config.NotificationSettings;
import dev.troco.notification.db.Sql;
import dev.troco.notification.email.RecipientConfirmations;
import dev.troco.notification.event.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Notification settings (the {@code notification_setting} table): per company, environment and
 * event type, the channels that fire and the recipients. Reads fill in the defaults for types a
 * company has not configured; writes are validated whole, every bad field reported at once (422).
 */
@ApplicationScoped
public class NotificationPreferences {

    /**
     * A plain address {@code local@domain.tld}: no display name, spaces, quotes, commas or angle
     * brackets, so an address can never smuggle a header or a second recipient into a mail.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final int EMAIL_LENGTH_MAX = 254;
    /** The gateway's user ids ({@code usr_} and 26 characters); the gateway checks they are the company's people. */
    private static final Pattern USER_ID = Pattern.compile("usr_[0-9a-z]{26}");

    private static final String COLUMNS =
            "event_type, webhook, email, dashboard, email_recipients, dashboard_user_ids, updated_at";

    private final Sql sql;
    private final NotificationSettings settings;
    private final RecipientConfirmations confirmations;
    private final Clock clock;

    NotificationPreferences(Sql sql, NotificationSettings settings, RecipientConfirmations confirmations, Clock clock) {
        this.sql = sql;
        this.confirmations = confirmations;
        this.settings = settings;
        this.clock = clock;
    }

    /** What applies to an event of this type now: its setting, or the defaults. Inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public NotificationPreference effective(String companyId, Environment environment, String eventType) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM notification_setting"
                + " WHERE company_id = ? AND environment = ? AND event_type = ?", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                    s.setString(3, eventType);
                }, NotificationPreferences::read).orElseGet(() -> NotificationPreference.defaults(eventType));
    }

    /** Every configurable type, configured or not, in the catalogue's order. */
    @Transactional
    public List<NotificationPreference> list(String companyId, Environment environment) {
        Map<String, NotificationPreference> configured = sql.query("SELECT " + COLUMNS
                + " FROM notification_setting WHERE company_id = ? AND environment = ?", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                }, NotificationPreferences::read).stream()
                .collect(Collectors.toMap(NotificationPreference::eventType, Function.identity()));
        return NotifiableEvents.all().stream()
                .map(e -> configured.getOrDefault(e.type(), NotificationPreference.defaults(e.type())))
                .toList();
    }

    @Transactional
    public NotificationPreference get(String companyId, Environment environment, String eventType) {
        requireKnownType(eventType);
        return effective(companyId, environment, eventType);
    }

    /**
     * Replaces the setting of one event type. E-mail addresses it names that have not confirmed yet
     * are mailed a confirmation link, and receive nothing else until they confirm.
     */
    @Transactional
    public NotificationPreference put(String companyId, Environment environment, String eventType,
            List<String> channels, List<String> emailRecipients, List<String> dashboardUserIds) {
        NotificationPreference wanted = validate(eventType, channels, emailRecipients, dashboardUserIds);
        Instant now = clock.instant();
        sql.update("""
                INSERT INTO notification_setting (company_id, environment, event_type, webhook, email, dashboard,
                    email_recipients, dashboard_user_ids, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (company_id, environment, event_type) DO UPDATE SET webhook = excluded.webhook,
                    email = excluded.email, dashboard = excluded.dashboard,
                    email_recipients = excluded.email_recipients, dashboard_user_ids = excluded.dashboard_user_ids,
                    updated_at = excluded.updated_at""", s -> {
                    s.setString(1, companyId);
                    s.setString(2, environment.name());
                    s.setString(3, eventType);
                    s.setBoolean(4, wanted.fires(Channel.WEBHOOK));
                    s.setBoolean(5, wanted.fires(Channel.EMAIL));
                    s.setBoolean(6, wanted.fires(Channel.DASHBOARD));
                    Sql.setTextArray(s, 7, wanted.emailRecipients());
                    Sql.setTextArray(s, 8, wanted.dashboardUserIds());
                    Sql.setInstant(s, 9, now);
                });
        if (wanted.fires(Channel.EMAIL)) {
            // Named addresses get nothing before they confirm; they are asked now, with the setting.
            confirmations.requestWhereNeeded(companyId, environment, wanted.emailRecipients());
        }
        return effective(companyId, environment, eventType);
    }

    /** Back to the defaults. */
    @Transactional
    public void reset(String companyId, Environment environment, String eventType) {
        requireKnownType(eventType);
        sql.update("DELETE FROM notification_setting WHERE company_id = ? AND environment = ? AND event_type = ?", s -> {
            s.setString(1, companyId);
            s.setString(2, environment.name());
            s.setString(3, eventType);
        });
    }

    private NotificationPreference validate(String eventType, List<String> channelNames, List<String> emails,
            List<String> userIds) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (NotifiableEvents.of(eventType).isEmpty()) {
            errors.add(new Problem.FieldError("eventType", "unknown_event_type",
                    "is not an event type; known: " + NotifiableEvents.knownTypes()));
        }
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (channelNames == null) {
            errors.add(new Problem.FieldError("channels", "required",
                    "list the channels that fire: webhook, email, dashboard (empty: none)"));
        } else {
            for (int i = 0; i < channelNames.size(); i++) {
                var channel = Channel.ofApiName(channelNames.get(i));
                if (channel.isPresent()) {
                    channels.add(channel.get());
                } else {
                    errors.add(new Problem.FieldError("channels[" + i + "]", "unknown_channel",
                            "is not a channel; known: webhook, email, dashboard"));
                }
            }
        }
        List<String> addresses = distinct(emails, NotificationPreferences::lower);
        if (addresses.size() > settings.email().recipientsMax()) {
            errors.add(new Problem.FieldError("emailRecipients", "too_many",
                    "at most " + settings.email().recipientsMax() + " addresses"));
        }
        for (int i = 0; emails != null && i < emails.size(); i++) {
            String address = emails.get(i);
            if (address == null || address.length() > EMAIL_LENGTH_MAX || !EMAIL.matcher(address).matches()) {
                errors.add(new Problem.FieldError("emailRecipients[" + i + "]", "invalid_email",
                        "is not an e-mail address (name@example.com)"));
            }
        }
        List<String> users = distinct(userIds, Function.identity());
        if (users.size() > settings.dashboard().recipientsMax()) {
            errors.add(new Problem.FieldError("dashboardUserIds", "too_many",
                    "at most " + settings.dashboard().recipientsMax() + " users"));
        }
        for (int i = 0; userIds != null && i < userIds.size(); i++) {
            String userId = userIds.get(i);
            if (userId == null || !USER_ID.matcher(userId).matches()) {
                errors.add(new Problem.FieldError("dashboardUserIds[" + i + "]", "invalid_user_id",
                        "is not a user id (usr_...)"));
            }
        }
        if (channels.contains(Channel.EMAIL) && addresses.isEmpty()) {
            errors.add(new Problem.FieldError("emailRecipients", "required",
                    "the email channel needs at least one address"));
        }
        if (channels.contains(Channel.DASHBOARD) && users.isEmpty()) {
            errors.add(new Problem.FieldError("dashboardUserIds", "required",
                    "the dashboard channel needs at least one user"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.UNPROCESSABLE, "The notification setting has invalid fields", errors);
        }
        return new NotificationPreference(eventType, channels, addresses, users, true, null);
    }

    private static void requireKnownType(String eventType) {
        if (NotifiableEvents.of(eventType).isEmpty()) {
            throw new ApiException(ProblemCode.UNPROCESSABLE, "Unknown event type", List.of(new Problem.FieldError(
                    "eventType", "unknown_event_type", "is not an event type; known: " + NotifiableEvents.knownTypes())));
        }
    }

    /** Without nulls and repeats (compared by {@code key}), in the order given. */
    private static List<String> distinct(List<String> values, Function<String, String> key) {
        if (values == null) {
            return List.of();
        }
        Map<String, String> seen = new java.util.LinkedHashMap<>();
        values.stream().filter(v -> v != null).forEach(v -> seen.putIfAbsent(key.apply(v), v));
        return List.copyOf(new LinkedHashSet<>(seen.values()));
    }

    private static NotificationPreference read(ResultSet row) throws SQLException {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (row.getBoolean("webhook")) {
            channels.add(Channel.WEBHOOK);
        }
        if (row.getBoolean("email")) {
            channels.add(Channel.EMAIL);
        }
        if (row.getBoolean("dashboard")) {
            channels.add(Channel.DASHBOARD);
        }
        return new NotificationPreference(row.getString("event_type"), channels, Sql.getTextArray(row, "email_recipients"),
                Sql.getTextArray(row, "dashboard_user_ids"), true, Sql.getInstant(row, "updated_at"));
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
