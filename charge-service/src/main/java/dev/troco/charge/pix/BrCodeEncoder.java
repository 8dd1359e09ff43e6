package dev.troco.charge.pix;

import java.util.regex.Pattern;

/**
 * Writes the "Pix copia e cola" text, the BR Code payload that the QR code also carries, to the
 * Central Bank's rules (Manual de Padrões para Iniciação do Pix, on top of EMV QRCPS-MPM).
 *
 * <p>A <em>dynamic</em> code carries only a location URL: the payer's bank fetches the charge from
 * there, so amount and txid live with the charge, and the code says {@code ***} for the txid as the
 * manual requires. A <em>static</em> code carries the receiver's Pix key, and optionally an amount,
 * a description and its own txid. Every field is checked against its limit, and a value that does
 * not fit is refused with an {@link IllegalArgumentException} naming the field: a truncated name
 * or a miscounted length gives a code that bank apps refuse, found only when a buyer tries to pay.
 *
 * <pre>{@code
 * String copiaECola = BrCodeEncoder.dynamic("pix.example.com/qr/v2/9d36b84f")
 *         .merchant("Padaria São João", "Belo Horizonte")
 *         .amountCents(1050)
 *         .encode();
 * }</pre>
 */
public final class BrCodeEncoder {

    /** The Pix arrangement's GUI inside the merchant account information (id 26). */
    public static final String GUI = "br.gov.bcb.pix";
    public static final int MERCHANT_NAME_LENGTH_MAX = 25;
    public static final int MERCHANT_CITY_LENGTH_MAX = 15;
    /** The API Pix caps a location at 77 characters; it then fits in id 26 with the GUI. */
    public static final int LOCATION_LENGTH_MAX = 77;
    /** The longest DICT key, an e-mail address, is 77 characters. */
    public static final int PIX_KEY_LENGTH_MAX = 77;
    /** {@code 9999999999.99}: id 54 holds at most 13 characters. */
    public static final long AMOUNT_CENTS_MAX = 999_999_999_999L;
    /** What id 62-05 says when a code carries no txid of its own. */
    public static final String NO_TXID = "***";

    private static final Pattern STATIC_TXID = Pattern.compile("[A-Za-z0-9]{1,25}");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    private final String location;
    private final String pixKey;
    private String description;
    private String merchantName;
    private String merchantCity;
    private long amountCents;
    private String txid = NO_TXID;

    private BrCodeEncoder(String location, String pixKey) {
        this.location = location;
        this.pixKey = pixKey;
    }

    /**
     * A dynamic code for the charge at {@code location}, the URL the PSP's API answered, without
     * its {@code https://} (the manual leaves the scheme out; the payer's bank adds it).
     */
    public static BrCodeEncoder dynamic(String location) {
        if (location == null || location.isEmpty()) {
            throw new IllegalArgumentException("location is required");
        }
        if (SCHEME.matcher(location).matches()) {
            throw new IllegalArgumentException("location must not carry a scheme (drop \"https://\")");
        }
        if (location.length() > LOCATION_LENGTH_MAX) {
            throw new IllegalArgumentException(
                    "location is " + location.length() + " characters, at most " + LOCATION_LENGTH_MAX);
        }
        if (location.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("location must not contain blanks");
        }
        EmvText.requirePrintableAscii("location", location);
        return new BrCodeEncoder(location, null);
    }

    /** A static code paying the Pix key {@code pixKey} (CPF, CNPJ, phone, e-mail or random key). */
    public static BrCodeEncoder staticKey(String pixKey) {
        if (pixKey == null || pixKey.isEmpty()) {
            throw new IllegalArgumentException("pix key is required");
        }
        if (pixKey.length() > PIX_KEY_LENGTH_MAX) {
            throw new IllegalArgumentException(
                    "pix key is " + pixKey.length() + " characters, at most " + PIX_KEY_LENGTH_MAX);
        }
        if (pixKey.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("pix key must not contain blanks");
        }
        EmvText.requirePrintableAscii("pix key", pixKey);
        return new BrCodeEncoder(null, pixKey);
    }

    /**
     * The receiver's name (id 59, at most 25 characters) and city (id 60, at most 15), accents
     * dropped. Too long is refused, not cut: the name is what the payer checks before paying, so the
     * merchant chooses its short form rather than seeing it cut mid-word.
     */
    public BrCodeEncoder merchant(String name, String city) {
        String asciiName = limited("merchant name", EmvText.ascii("merchant name", name), MERCHANT_NAME_LENGTH_MAX);
        String asciiCity = limited("merchant city", EmvText.ascii("merchant city", city), MERCHANT_CITY_LENGTH_MAX);
        this.merchantName = asciiName;
        this.merchantCity = asciiCity;
        return this;
    }

    /** The amount in cents (id 54); without it the payer types the amount. */
    public BrCodeEncoder amountCents(long cents) {
        if (cents <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + cents + " cents");
        }
        if (cents > AMOUNT_CENTS_MAX) {
            throw new IllegalArgumentException(
                    "amount is above the 13 characters id 54 holds (" + AMOUNT_CENTS_MAX + " cents)");
        }
        this.amountCents = cents;
        return this;
    }

    /** A message to the payer (id 26-02), static codes only: a dynamic one keeps it in the charge. */
    public BrCodeEncoder description(String text) {
        requireStatic("description");
        this.description = EmvText.ascii("description", text);
        return this;
    }

    /** The static code's own txid (id 62-05), up to 25 letters and digits. */
    public BrCodeEncoder txid(String txid) {
        requireStatic("txid");
        if (txid == null || !STATIC_TXID.matcher(txid).matches()) {
            throw new IllegalArgumentException("txid of a static code must be 1 to 25 letters or digits");
        }
        this.txid = txid;
        return this;
    }

    /** The payload, CRC included. */
    public String encode() {
        if (merchantName == null) {
            throw new IllegalArgumentException("merchant name and city are required");
        }
        StringBuilder payload = new StringBuilder(256);
        payload.append(EmvTlv.field("00", "payload format indicator", "01"));
        if (location != null) {
            // 12: the code may be used once, which is what a charge with its own location is.
            payload.append(EmvTlv.field("01", "point of initiation method", "12"));
        }
        payload.append(EmvTlv.field("26", "merchant account information", merchantAccount()));
        payload.append(EmvTlv.field("52", "merchant category code", "0000"));
        payload.append(EmvTlv.field("53", "transaction currency", "986"));
        if (amountCents > 0) {
            payload.append(EmvTlv.field("54", "transaction amount", decimal(amountCents)));
        }
        payload.append(EmvTlv.field("58", "country code", "BR"));
        payload.append(EmvTlv.field("59", "merchant name", merchantName));
        payload.append(EmvTlv.field("60", "merchant city", merchantCity));
        payload.append(EmvTlv.field("62", "additional data field", EmvTlv.field("05", "txid", txid)));
        payload.append("6304");
        return payload.append(Crc16Ccitt.hex(payload.toString())).toString();
    }

    /** {@code 1050} as {@code "10.50"}: integer arithmetic, so no binary fraction can creep in. */
    static String decimal(long cents) {
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }

    private String merchantAccount() {
        StringBuilder account = new StringBuilder(EmvTlv.field("00", "GUI", GUI));
        if (location != null) {
            account.append(EmvTlv.field("25", "location", location));
        } else {
            account.append(EmvTlv.field("01", "pix key", pixKey));
            if (description != null) {
                account.append(EmvTlv.field("02", "description", description));
            }
        }
        if (account.length() > EmvTlv.VALUE_LENGTH_MAX) {
            throw new IllegalArgumentException("merchant account information (id 26) is " + account.length()
                    + " characters, at most " + EmvTlv.VALUE_LENGTH_MAX + ": shorten the description");
        }
        return account.toString();
    }

    private void requireStatic(String field) {
        if (location != null) {
            throw new IllegalArgumentException(field + " belongs to the charge behind a dynamic code, not to the code");
        }
    }

    private static String limited(String field, String value, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters, at most " + max);
        }
        return value;
    }
}
