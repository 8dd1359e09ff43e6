package dev.troco.gateway.rest;

/**
 * The three credentials of the public API, as the OpenAPI document names them (their schemes are
 * described in {@code META-INF/openapi.yaml}); each resource says which one its operations take
 * ({@code @SecurityRequirement}). Operations without one are public: log-in, activation, the hosted
 * checkout (its public key is in the body) and its page.
 */
public final class ApiSecurity {

    /** An API user's key, {@code Authorization: Bearer trk_test_...} or {@code trk_live_...}. */
    public static final String API_KEY = "apiKey";
    /** A person's session, {@code Authorization: Bearer tss_...}. */
    public static final String SESSION = "session";
    /** Troco's operator token. */
    public static final String ADMIN_TOKEN = "adminToken";

    private ApiSecurity() {
    }
}
