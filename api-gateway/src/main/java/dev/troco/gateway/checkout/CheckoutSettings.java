package dev.troco.gateway.checkout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Seed 003's hosted checkout at the gateway. */
@ConfigMapping(prefix = "troco.gateway.checkout")
public interface CheckoutSettings {

    /** Where buyers reach this gateway: redirect_url is this plus {@code /checkout/<key>}. */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** How long a checkout's charge stays payable (its PIX expiry and the boleto's due date). */
    @WithDefault("P3D")
    Duration payableFor();

    /** Size of the PIX QR code on the page, in pixels. */
    @WithDefault("280")
    int qrSizePx();
}
