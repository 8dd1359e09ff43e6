package dev.troco.gateway.security;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** The client address of the current request (see {@link ClientAddressResolver}). */
@ApplicationScoped
public class CallerAddress {

    private final ClientAddressResolver resolver;

    CallerAddress(ClientAddressResolver resolver) {
        this.resolver = resolver;
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return resolver.resolve(peer, request.getHeader(resolver.header().headerName()));
    }
}
