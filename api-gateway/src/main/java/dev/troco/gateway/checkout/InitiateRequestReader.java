package dev.troco.gateway.checkout;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.troco.events.common.Environment;
import dev.troco.kit.net.InvalidUrlException;
import dev.troco.kit.net.OutboundUrlPolicy;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.Problem.FieldError;
import dev.troco.kit.problem.ProblemCode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads seed 003's initiate body by hand rather than by bean binding, because the seed's own rules
 * differ from Troco's: {@code amount} is a string or a number in major units ("100.00", 100), and the
 * seed's example has trailing commas, which this reader accepts. Numbers are read as
 * {@link BigDecimal}, never through a double. Every problem is collected, so one answer names all
 * invalid fields.
 */
public final class InitiateRequestReader {

    /** The currencies seed 003 shows, and BRL (the default). All have two decimal places. */
    public static final Set<String> CURRENCIES = Set.of("BRL", "USD", "EUR", "CAD");
    /** The largest amount: a boleto's ten digits of cents, as for every charge. */
    public static final long AMOUNT_MAX_CENTS = 9_999_999_999L;
    static final int TEXT_MAX = 255;
    static final int NAME_MAX = 100;
    static final int URL_MAX = 2048;
    private static final Set<String> TOP_FIELDS = Set.of("public_key", "amount", "billing_info", "cancel_url",
            "currency", "customer", "details", "identifier", "ipn_url", "shipping_info", "site_name", "site_logo",
            "success_url");
    private static final Set<String> CUSTOMER_FIELDS = Set.of("first_name", "last_name", "email", "mobile");
    private static final Set<String> ADDRESS_FIELDS = Set.of("address_one", "address_two", "area", "city",
            "sub_city", "state", "postcode", "country", "others");
    private static final Pattern AMOUNT_TEXT = Pattern.compile("[0-9]{1,10}(\\.[0-9]{1,2})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern MOBILE = Pattern.compile("\\+?[0-9][0-9 ().-]{6,22}[0-9]");
    private static final Pattern PUBLIC_KEY = Pattern.compile("pk_(test|live)_[0-9A-Za-z]{32}");
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private InitiateRequestReader() {
    }

    /** The body as a JSON object, or 400 malformed_json. */
    public static ObjectNode parse(byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : LENIENT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(ProblemCode.MALFORMED_JSON, "The body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiException(ProblemCode.MALFORMED_JSON, "The body cannot be read");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(ProblemCode.MALFORMED_JSON, "The body must be a JSON object");
        }
        return object;
    }

    /** The public_key, checked for form only; whether it is live is the caller's question. */
    public static String publicKey(ObjectNode body) {
        JsonNode key = body.get("public_key");
        if (key == null || !key.isTextual() || key.asText().isBlank()) {
            throw new ApiException(ProblemCode.INVALID_API_KEY, "public_key is required",
                    List.of(new FieldError("public_key", "required", "is required")));
        }
        if (!PUBLIC_KEY.matcher(key.asText()).matches()) {
            throw new ApiException(ProblemCode.INVALID_API_KEY, "The public_key is malformed, unknown or revoked");
        }
        return key.asText();
    }

    /** The whole request, or 400 validation_failed listing every invalid field. */
    public static InitiateRequest read(ObjectNode body, Environment environment, OutboundUrlPolicy urls) {
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown_field", "is not a field of this endpoint"));
            }
        }
        String currency = currency(body.get("currency"), errors);
        long amountCents = amount(body.get("amount"), errors);
        InitiateRequest.Customer customer = customer(body.get("customer"), errors);
        String details = text(body, "details", TEXT_MAX, true, errors);
        String identifier = text(body, "identifier", TEXT_MAX, true, errors);
        String ipnUrl = calledUrl(body, "ipn_url", environment, urls, errors);
        String successUrl = url(body, "success_url", true, environment, errors);
        String cancelUrl = url(body, "cancel_url", true, environment, errors);
        String siteName = text(body, "site_name", NAME_MAX, true, errors);
        String siteLogo = url(body, "site_logo", false, environment, errors);
        Map<String, String> billing = address(body.get("billing_info"), "billing_info", errors);
        Map<String, String> shipping = address(body.get("shipping_info"), "shipping_info", errors);
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, errors.size() == 1
                    ? errors.get(0).field() + " " + errors.get(0).message()
                    : "The request has " + errors.size() + " invalid fields; see errors", errors);
        }
        return new InitiateRequest(body.get("public_key").asText(), amountCents, currency, customer, details,
                identifier, ipnUrl, successUrl, cancelUrl, siteName, siteLogo, billing, shipping);
    }

    private static String currency(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            return "BRL";
        }
        String code = node.isTextual() ? node.asText().toUpperCase(Locale.ROOT) : "";
        if (!CURRENCIES.contains(code)) {
            errors.add(new FieldError("currency", "unsupported_currency",
                    "must be one of BRL (the default), USD, EUR, CAD"));
            return null;
        }
        return code;
    }

    /** "100.00", "100", 100, 100.5: major units with at most two decimals, positive, bounded. */
    static long amount(JsonNode node, List<FieldError> errors) {
        BigDecimal amount = null;
        if (node != null && node.isTextual() && AMOUNT_TEXT.matcher(node.asText().trim()).matches()) {
            amount = new BigDecimal(node.asText().trim());
        } else if (node != null && (node.isIntegralNumber() || node.isBigDecimal())) {
            amount = node.decimalValue();
        }
        if (amount == null) {
            errors.add(new FieldError("amount", node == null || node.isNull() ? "required" : "invalid_amount",
                    node == null || node.isNull() ? "is required"
                            : "must be an amount such as \"100.00\" or 100 (at most two decimal places)"));
            return 0;
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldError("amount", "invalid_amount", "must have at most two decimal places"));
            return 0;
        }
        if (amount.signum() <= 0) {
            errors.add(new FieldError("amount", "not_positive", "must be greater than zero"));
            return 0;
        }
        BigDecimal cents = amount.movePointRight(2);
        if (cents.compareTo(BigDecimal.valueOf(AMOUNT_MAX_CENTS)) > 0) {
            errors.add(new FieldError("amount", "too_large", "must be at most 99999999.99"));
            return 0;
        }
        return cents.longValueExact();
    }

    private static InitiateRequest.Customer customer(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("customer", "required", "is required"));
            return null;
        }
        if (!(node instanceof ObjectNode object)) {
            errors.add(new FieldError("customer", "invalid_type", "must be an object"));
            return null;
        }
        unknownFields(object, "customer", CUSTOMER_FIELDS, errors);
        String first = text(object, "customer.", "first_name", NAME_MAX, true, errors);
        String last = text(object, "customer.", "last_name", NAME_MAX, true, errors);
        String email = text(object, "customer.", "email", 254, true, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("customer.email", "invalid_email", "must be an e-mail address"));
        }
        String mobile = text(object, "customer.", "mobile", 25, true, errors);
        if (mobile != null && (!MOBILE.matcher(mobile).matches() || digits(mobile).length() > 15)) {
            errors.add(new FieldError("customer.mobile", "invalid_phone",
                    "must be a phone number of 8 to 15 digits, e.g. +5511987654321"));
        }
        return new InitiateRequest.Customer(first, last, email, mobile);
    }

    private static Map<String, String> address(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!(node instanceof ObjectNode object)) {
            errors.add(new FieldError(field, "invalid_type", "must be an object"));
            return null;
        }
        unknownFields(object, field, ADDRESS_FIELDS, errors);
        Map<String, String> address = new LinkedHashMap<>();
        for (String name : ADDRESS_FIELDS.stream().sorted().toList()) {
            String value = text(object, field + ".", name, TEXT_MAX, false, errors);
            if (value != null) {
                address.put(name, value);
            }
        }
        return address;
    }

    private static void unknownFields(ObjectNode object, String parent, Set<String> known, List<FieldError> errors) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(parent + "." + name, "unknown_field", "is not a field of " + parent));
            }
        }
    }

    private static String text(ObjectNode object, String name, int max, boolean required, List<FieldError> errors) {
        return text(object, "", name, max, required, errors);
    }

    private static String text(ObjectNode object, String prefix, String name, int max, boolean required,
            List<FieldError> errors) {
        JsonNode node = object.get(name);
        String field = prefix + name;
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            if (required) {
                errors.add(new FieldError(field, "required", "is required"));
            }
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "invalid_type", "must be a string"));
            return null;
        }
        String value = node.asText().strip();
        if (value.codePointCount(0, value.length()) > max) {
            errors.add(new FieldError(field, "too_long", "must have at most " + max + " characters"));
            return null;
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
            errors.add(new FieldError(field, "control_characters", "must not contain control characters"));
            return null;
        }
        return value;
    }

    /**
     * A URL Troco will call (the IPN): the notification-service's rules ({@link OutboundUrlPolicy}), so
     * that one it can never call is refused now, not found out at the first delivery.
     */
    private static String calledUrl(ObjectNode object, String name, Environment environment, OutboundUrlPolicy urls,
            List<FieldError> errors) {
        String text = text(object, "", name, URL_MAX, true, errors);
        if (text == null) {
            return null;
        }
        try {
            urls.checkWithoutLookup(text, environment == Environment.PRODUCTION);
            return text;
        } catch (InvalidUrlException e) {
            errors.add(new FieldError(name, e.code(), e.getMessage()));
            return null;
        }
    }

    /**
     * A URL the payer's browser is sent to (success, cancel, logo): absolute https without credentials;
     * plain http is accepted in the sandbox, for local tests.
     */
    private static String url(ObjectNode object, String name, boolean required, Environment environment,
            List<FieldError> errors) {
        String text = text(object, "", name, URL_MAX, required, errors);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            errors.add(new FieldError(name, "invalid_url", "is not a valid URL"));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = "https".equals(scheme) || ("http".equals(scheme) && environment == Environment.SANDBOX);
        if (!allowed || uri.getHost() == null || uri.getRawUserInfo() != null) {
            errors.add(new FieldError(name, "invalid_url", environment == Environment.SANDBOX
                    ? "must be an absolute http or https URL without credentials"
                    : "must be an absolute https URL without credentials"));
            return null;
        }
        return text;
    }

    private static String digits(String text) {
        return text.replaceAll("[^0-9]", "");
    }
}
