package dev.troco.kit.document;

/** Turns what a person typed into the bare characters of a document number. */
final class TaxIdText {

    private TaxIdText() {
    }

    /**
     * Drops the separators people and forms add ({@code . / -} and blanks) and uppercases letters,
     * since an alphanumeric CNPJ typed in lowercase is still the same CNPJ. Anything else stays, so
     * that the validation that follows can refuse it as an invalid character.
     */
    static String strip(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == '/' || c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return out.toString();
    }

    static boolean allSame(String chars) {
        return chars.chars().distinct().count() == 1;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
