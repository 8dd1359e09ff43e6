package dev.troco.notification.settings;

import dev.troco.notification.event.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The event types a company can configure notifications for: every charge status event this
 * service receives (seed 004), and the names seed 001 lists for the other domains: payment
 * confirmed (a payout completed), document requested, document approved and transaction under
 * review. Those four have no producer yet (payout- and compliance-service are not built): their
 * settings are accepted and stored, and apply once their events arrive. "Charge received" is
 * {@code charge.paid}.
 */
public final class NotifiableEvents {

    /** One configurable type: its public name, how people read it, and whether events of it are produced yet. */
    public record NotifiableEvent(String type, String label, boolean produced) {
    }

    private static final List<NotifiableEvent> ALL;

    static {
        List<NotifiableEvent> all = new ArrayList<>();
        Arrays.stream(EventType.values()).map(t -> new NotifiableEvent(t.publicName(), label(t.publicName()), true))
                .forEach(all::add);
        for (String type : List.of("payout.confirmed", "document.requested", "document.approved",
                "transaction.under_review")) {
            all.add(new NotifiableEvent(type, label(type), false));
        }
        ALL = Collections.unmodifiableList(all);
    }

    private NotifiableEvents() {
    }

    public static List<NotifiableEvent> all() {
        return ALL;
    }

    public static Optional<NotifiableEvent> of(String type) {
        return ALL.stream().filter(e -> e.type().equals(type)).findFirst();
    }

    /** Seed 001's names where it has one, otherwise the type in words ({@code charge.chargeback_initiated}: "Charge chargeback initiated"). */
    public static String label(String type) {
        return switch (type) {
            case "charge.created" -> "Charge created";
            case "charge.paid" -> "Charge received";
            case "charge.refunded" -> "Charge refunded";
            case "payout.confirmed" -> "Payment confirmed";
            case "document.requested" -> "Document requested";
            case "document.approved" -> "Document approved";
            case "transaction.under_review" -> "Transaction under review";
            default -> {
                String words = type.replace('.', ' ').replace('_', ' ');
                yield words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
            }
        };
    }

    public static String knownTypes() {
        return String.join(", ", ALL.stream().map(NotifiableEvent::type).toList());
    }
}
