package dev.troco.notification.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.notification.event.StoredEvent;
import dev.troco.notification.settings.NotifiableEvents;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * What a person reads about an event, by e-mail or in the dashboard: a title, a one-line summary,
 * and labelled details. Built from the stored payload, so both channels say what the webhook says.
 */
public record NotificationContent(String title, String summary, List<Detail> details) {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** One labelled value. */
    public record Detail(String label, String value) {
    }

    public static NotificationContent of(StoredEvent event, ObjectMapper json) {
        JsonNode data = read(event.data(), json);
        String label = NotifiableEvents.label(event.type().publicName());
        List<Detail> details = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        String title = label;
        if ("charge".equals(event.aggregateType())) {
            String customNumber = text(data, "customNumber");
            title = customNumber == null ? label + ": " + event.aggregateId() : label + ": " + customNumber;
            String currency = text(data, "currency");
            add(details, "Charge", event.aggregateId());
            add(details, "Custom number", customNumber);
            add(details, "Status", text(data.path("status"), "name"));
            add(details, "Sub-status", text(data, "payin_substatus"));
            add(details, "Amount", money(data.path("amountCents"), currency));
            add(details, "Paid amount", money(data.path("paidAmountCents"), currency));
            if (data.path("refundAmountCents").asLong(0) > 0) {
                add(details, "Refunded", money(data.path("refundAmountCents"), currency));
            }
            add(details, "Buyer", text(data, "buyerName"));
            addTo(summary, money(data.path("paidAmountCents").isNumber() ? data.path("paidAmountCents")
                    : data.path("amountCents"), currency));
            addTo(summary, text(data.path("status"), "name"));
            addTo(summary, text(data, "buyerName"));
        } else {
            add(details, event.aggregateType(), event.aggregateId());
            addTo(summary, event.aggregateType() + " " + event.aggregateId());
        }
        add(details, "Event", event.type().publicName() + " (" + event.publicId() + ")");
        add(details, "Environment", event.environment().name().toLowerCase(java.util.Locale.ROOT));
        add(details, "Occurred at", WHEN.format(event.occurredAt()));
        return new NotificationContent(title, String.join(" · ", summary), List.copyOf(details));
    }

    /** {@code BRL 86.52}: minor units shown with the currency's own number of decimals. */
    static String money(JsonNode cents, String currency) {
        if (cents == null || !cents.isIntegralNumber()) {
            return null;
        }
        int digits = 2;
        if (currency != null) {
            try {
                digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            } catch (IllegalArgumentException e) {
                digits = 2;
            }
        }
        return (currency == null ? "" : currency + " ") + BigDecimal.valueOf(cents.asLong(), digits).toPlainString();
    }

    private static JsonNode read(String data, ObjectMapper json) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable stored event payload", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static void add(List<Detail> details, String label, String value) {
        if (value != null && !value.isBlank()) {
            details.add(new Detail(label, value));
        }
    }

    private static void addTo(List<String> parts, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(value);
        }
    }
}
