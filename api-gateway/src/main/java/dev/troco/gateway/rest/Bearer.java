package dev.troco.gateway.rest;

/** The token of an {@code Authorization: Bearer <token>} header, or null. */
final class Bearer {

    private static final String SCHEME = "Bearer ";

    private Bearer() {
    }

    static String token(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
