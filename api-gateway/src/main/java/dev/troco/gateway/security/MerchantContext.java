package dev.troco.gateway.security;

import dev.troco.events.common.Environment;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated merchant of the current call (set by {@link MerchantRequestFilter}). */
@RequestScoped
public class MerchantContext {

    private KeyGrant grant;
    private String clientIp;

    void set(KeyGrant grant, String clientIp) {
        this.grant = grant;
        this.clientIp = clientIp;
    }

    /**
     * The hosted checkout page acts for the company of its session: no API key, the page key in the
     * URL is the capability, and it may only read its own charge and (in the sandbox) simulate paying it.
     */
    public void actForCheckout(String companyId, String companyName, Environment environment, String sessionId) {
        this.grant = new KeyGrant(null, companyId, companyName, "checkout:" + sessionId, environment,
                java.util.Set.of(), java.util.List.of(), null);
        this.clientIp = null;
    }

    public String companyId() {
        return grant.companyId();
    }

    /** The company's name, as payers see it (e.g. the PIX merchant name). */
    public String companyName() {
        return grant.companyName();
    }

    public Environment environment() {
        return grant.environment();
    }

    public String apiUserId() {
        return grant.apiUserId();
    }

    public String keyId() {
        return grant.keyId();
    }

    public String clientIp() {
        return clientIp;
    }
}
