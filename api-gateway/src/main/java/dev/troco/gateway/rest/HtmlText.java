package dev.troco.gateway.rest;

/** Escaping of text put into the gateway's HTML pages (the checkout, the e-mail recipient confirmation). */
public final class HtmlText {

    private HtmlText() {
    }

    /** HTML text and attribute escaping (attributes are always double-quoted in our pages); null is empty. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
