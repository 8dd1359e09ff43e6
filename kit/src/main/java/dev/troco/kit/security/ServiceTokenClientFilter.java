package dev.troco.kit.security;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/** Adds the platform's service credential to every internal REST client call (see {@link InternalApiGuard}). */
@Provider
public class ServiceTokenClientFilter implements ClientRequestFilter {

    private final Optional<String> token = ConfigProvider.getConfig()
            .getOptionalValue(InternalApiGuard.TOKEN_PROPERTY, String.class).filter(t -> !t.isBlank());

    @Override
    public void filter(ClientRequestContext request) {
        token.ifPresent(t -> request.getHeaders().putSingle(InternalApiGuard.HEADER, t));
    }
}
