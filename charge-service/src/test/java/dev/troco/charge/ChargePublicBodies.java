package dev.troco.charge;

import dev.troco.testing.openapi.PublicBodiesCheck;

/**
 * This service's answers the gateway passes through, held to the public document ({@link PublicBodiesCheck}): a
 * charge and the list ({@code /internal/v1/charges...} is {@code /v1/charges...}) and a company's processing fee rate
 * ({@code /internal/v1/companies/{companyId}/processing-fee-rate} is the admin API's).
 */
public class ChargePublicBodies extends PublicBodiesCheck {

    @Override
    protected String publicPath(String internalPath) {
        if (internalPath.startsWith("/internal/v1/charges")) {
            return internalPath.substring("/internal".length());
        }
        if (internalPath.startsWith("/internal/v1/companies/") && internalPath.endsWith("/processing-fee-rate")) {
            return "/admin" + internalPath.substring("/internal".length());
        }
        return null;
    }
}
