package dev.troco.notification.ipn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.events.charge.ChargeSubstatus;

/**
 * The IPN's top-level {@code status}: what happened to the payment, truthfully. Seed 003 defines it as
 * "status of the event the notification is about" and only shows {@code success}; a chargeback is no
 * success, and a merchant that fulfils orders on {@code status == "success"} must not ship again
 * because a chargeback opened.
 */
public final class IpnStatus {

    /** A checkout was paid. */
    public static final String SUCCESS = "success";
    /** A chargeback was opened against the payment: the money is disputed (the charge's own substatus word). */
    public static final String CHARGEBACK_OPEN = ChargeSubstatus.CHARGEBACK_OPEN.publicName();
    /** The chargeback was resolved in the merchant's favour: the payment stands. */
    public static final String CHARGEBACK_WON = ChargeSubstatus.CHARGEBACK_WON.publicName();
    /** The chargeback was resolved in the client's favour: the amount goes back to the client. */
    public static final String CHARGEBACK_LOST = ChargeSubstatus.CHARGEBACK_LOST.publicName();

    private static final ObjectMapper READER = new ObjectMapper();

    private IpnStatus() {
    }

    /**
     * @param type the IPN's type ({@code checkout}, {@code chargeback_initiated}, {@code chargeback_resolved})
     * @param data its data as stored, which says in whose favour a chargeback was resolved
     */
    public static String of(String type, String data) {
        return switch (type) {
            case "checkout" -> SUCCESS;
            case "chargeback_initiated" -> CHARGEBACK_OPEN;
            case "chargeback_resolved" -> "merchant".equals(inFavorOf(data)) ? CHARGEBACK_WON : CHARGEBACK_LOST;
            default -> throw new IllegalArgumentException("unknown IPN type " + type);
        };
    }

    private static String inFavorOf(String data) {
        try {
            return READER.readTree(data).path("in_favor_of").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored IPN data is not JSON", e);
        }
    }
}
