package dev.troco.gateway.checkout;

import java.util.Map;

/** Seed 003's {@code POST /payment/initiate} body, read and checked by {@link InitiateRequestReader}. */
public record InitiateRequest(
        String publicKey,
        long amountCents,
        String currency,
        Customer customer,
        String details,
        String identifier,
        String ipnUrl,
        String successUrl,
        String cancelUrl,
        String siteName,
        String siteLogo,
        Map<String, String> billingInfo,
        Map<String, String> shippingInfo) {

    public record Customer(String firstName, String lastName, String email, String mobile) {
    }
}
