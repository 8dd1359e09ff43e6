package dev.troco.charge.pix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The EMV QR data-object layout: a 2-digit id, a 2-digit length, then the value. The 2-digit length
 * is why no value can pass 99 characters, and why every limit in a BR Code ends up there.
 */
final class EmvTlv {

    static final int VALUE_LENGTH_MAX = 99;

    private EmvTlv() {
    }

    /** One data object; {@code field} names it in the error when the value does not fit. */
    static String field(String id, String field, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + " (id " + id + ") is empty");
        }
        if (value.length() > VALUE_LENGTH_MAX) {
            throw new IllegalArgumentException(field + " (id " + id + ") is " + value.length()
                    + " characters; an EMV value holds at most " + VALUE_LENGTH_MAX);
        }
        EmvText.requirePrintableAscii(field, value);
        return id + String.format("%02d", value.length()) + value;
    }

    /**
     * The data objects of {@code text}, in order.
     *
     * @throws IllegalArgumentException naming {@code where} if an id or length is not two digits,
     *         a value runs past the end, or an id repeats
     */
    static Map<String, String> parse(String where, String text) {
        Map<String, String> objects = new LinkedHashMap<>();
        int at = 0;
        while (at < text.length()) {
            if (at + 4 > text.length()) {
                throw new IllegalArgumentException(where + ": truncated data object at position " + (at + 1));
            }
            String id = text.substring(at, at + 2);
            String length = text.substring(at + 2, at + 4);
            if (!isTwoDigits(id) || !isTwoDigits(length)) {
                throw new IllegalArgumentException(
                        where + ": id and length must be two digits each at position " + (at + 1));
            }
            int end = at + 4 + Integer.parseInt(length);
            if (end > text.length()) {
                throw new IllegalArgumentException(where + ": value of id " + id + " runs past the end");
            }
            if (objects.putIfAbsent(id, text.substring(at + 4, end)) != null) {
                throw new IllegalArgumentException(where + ": id " + id + " appears twice");
            }
            at = end;
        }
        return objects;
    }

    private static boolean isTwoDigits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
