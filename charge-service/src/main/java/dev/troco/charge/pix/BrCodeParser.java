package dev.troco.charge.pix;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads and checks a BR Code: the TLV structure, the CRC, and the fields a payer's bank needs to
 * pay (the Pix merchant account, currency, country, name, city). Used to check what we emit before
 * it leaves, and to read codes from elsewhere, so it is strict about structure and CRC but accepts
 * what the manual allows and we never write (the Pix account under any id 26-51, other payment
 * arrangements beside it, an amount without decimals).
 */
public final class BrCodeParser {

    /** EMV's cap on a whole payload; anything longer is not a BR Code, whatever it contains. */
    public static final int PAYLOAD_LENGTH_MAX = 512;

    private static final Pattern AMOUNT = Pattern.compile("\\d{1,10}(\\.\\d{1,2})?");

    private BrCodeParser() {
    }

    /**
     * The fields of {@code payload}.
     *
     * @throws IllegalArgumentException saying what is wrong: structure, CRC or a missing field
     */
    public static BrCode parse(String payload) {
        if (payload == null || payload.isEmpty()) {
            throw new IllegalArgumentException("BR Code is empty");
        }
        if (payload.length() > PAYLOAD_LENGTH_MAX) {
            throw new IllegalArgumentException("BR Code is longer than " + PAYLOAD_LENGTH_MAX + " characters");
        }
        Map<String, String> fields = EmvTlv.parse("BR Code", payload);
        if (!"01".equals(fields.get("00")) || !payload.startsWith("000201")) {
            throw new IllegalArgumentException("BR Code must start with payload format indicator 00 = 01");
        }
        String crc = fields.get("63");
        if (crc == null || crc.length() != 4 || !payload.endsWith("6304" + crc)) {
            throw new IllegalArgumentException("BR Code must end with its CRC, id 63 of length 04");
        }
        String expected = Crc16Ccitt.hex(payload.substring(0, payload.length() - 4));
        // Exact match: the manual writes the CRC in uppercase, and a code in lowercase came from a
        // generator that may have got other details wrong too.
        if (!expected.equals(crc)) {
            throw new IllegalArgumentException("BR Code CRC is " + crc + ", the content gives " + expected);
        }

        Map<String, String> account = pixAccount(fields);
        Optional<String> pixKey = Optional.ofNullable(account.get("01"));
        Optional<String> location = Optional.ofNullable(account.get("25"));
        if (pixKey.isPresent() == location.isPresent()) {
            throw new IllegalArgumentException(
                    "Pix merchant account must carry either a key (01) or a location (25), not both or none");
        }
        if (!"986".equals(fields.get("53"))) {
            throw new IllegalArgumentException("BR Code currency (53) must be 986, the real");
        }
        require(fields, "52", "merchant category code");
        require(fields, "58", "country code");
        Map<String, String> additional = EmvTlv.parse("additional data field (62)", fields.getOrDefault("62", ""));
        Optional<String> txid = Optional.ofNullable(additional.get("05")).filter(t -> !BrCodeEncoder.NO_TXID.equals(t));
        return new BrCode(
                "12".equals(fields.get("01")),
                pixKey,
                location,
                Optional.ofNullable(account.get("02")),
                amount(fields.get("54")),
                require(fields, "59", "merchant name"),
                require(fields, "60", "merchant city"),
                txid,
                crc,
                fields);
    }

    /** The first merchant account template (ids 26 to 51) whose GUI is the Pix one, in any case. */
    private static Map<String, String> pixAccount(Map<String, String> fields) {
        for (int id = 26; id <= 51; id++) {
            String template = fields.get(String.valueOf(id));
            if (template == null) {
                continue;
            }
            Map<String, String> account = EmvTlv.parse("merchant account information (" + id + ")", template);
            if (BrCodeEncoder.GUI.equalsIgnoreCase(account.get("00"))) {
                return account;
            }
        }
        throw new IllegalArgumentException("BR Code has no Pix merchant account (GUI " + BrCodeEncoder.GUI + ")");
    }

    private static OptionalLong amount(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        if (!AMOUNT.matcher(text).matches()) {
            throw new IllegalArgumentException("transaction amount (54) is not a decimal of at most 13 characters");
        }
        long cents = new BigDecimal(text).movePointRight(2).longValueExact();
        if (cents <= 0) {
            throw new IllegalArgumentException("transaction amount (54) must be positive");
        }
        return OptionalLong.of(cents);
    }

    private static String require(Map<String, String> fields, String id, String name) {
        String value = fields.get(id);
        if (value == null) {
            throw new IllegalArgumentException("BR Code has no " + name + " (" + id + ")");
        }
        return value;
    }
}
