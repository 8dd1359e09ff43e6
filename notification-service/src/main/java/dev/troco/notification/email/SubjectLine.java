package dev.troco.notification.email;

/**
 * An e-mail subject built from text a merchant controls (a charge's {@code customNumber}, a webhook
 * URL): one header line, so control characters (CR and LF above all, which would start a new header)
 * and invisible format characters (bidirectional overrides that make a subject read backwards) are
 * replaced by spaces, runs of white space become one, and the text is cut at {@link #TEXT_MAX}
 * characters, so a subject can neither carry a header nor a page of lure text.
 */
public final class SubjectLine {

    /** Characters of text after Troco's own prefix; longer text is cut and ends with "...". */
    public static final int TEXT_MAX = 80;
    private static final String ELLIPSIS = "...";

    private SubjectLine() {
    }

    public static String of(String prefix, String text) {
        String flat = (text == null ? "" : text)
                .replaceAll("[\\p{Cntrl}\\p{Cf}\\p{Zl}\\p{Zp}]", " ")
                .replaceAll("\\s+", " ")
                .strip();
        if (flat.codePointCount(0, flat.length()) > TEXT_MAX) {
            flat = flat.substring(0, flat.offsetByCodePoints(0, TEXT_MAX - ELLIPSIS.length())).stripTrailing() + ELLIPSIS;
        }
        return prefix + flat;
    }
}
