package dev.troco.kit.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL Troco calls (webhook endpoint, charge callback, IPN) that is well formed: an absolute
 * {@code http} or {@code https} URL with a host, no credentials, no fragment, no spaces or control
 * characters anywhere (not even around it), bounded length. Whether its environment allows it and
 * whether its host may be called are decided by {@link OutboundUrlPolicy} and {@link AddressGuard}.
 */
public record OutboundUrl(URI uri, String host, int port, boolean https) {

    /** Longer URLs are refused: they are stored, logged and sent on every attempt. */
    public static final int LENGTH_MAX = 2048;

    /**
     * @throws InvalidUrlException with a code and a message a person can act on
     */
    public static OutboundUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidUrlException("invalid_url", "must be an absolute http or https URL");
        }
        if (text.length() > LENGTH_MAX) {
            throw new InvalidUrlException("url_too_long", "must have at most " + LENGTH_MAX + " characters");
        }
        if (!text.strip().equals(text) || text.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            throw new InvalidUrlException("invalid_url", "must not hold spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidUrlException("invalid_url", "is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidUrlException("invalid_url", "must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidUrlException("invalid_url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidUrlException("credentials_in_url",
                    "must not carry credentials: verify the webhook signature instead");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidUrlException("invalid_url", "must not have a fragment (#...)");
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        return new OutboundUrl(uri, AddressGuard.normalize(uri.getHost()), port, https);
    }

    /** What goes in the request line: path (at least {@code /}) and query. */
    public String pathAndQuery() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The {@code Host} header: the port only when it is not the scheme's own. */
    public String hostHeader() {
        String name = host.contains(":") ? "[" + host + "]" : host;
        boolean defaultPort = https ? port == 443 : port == 80;
        return defaultPort ? name : name + ":" + port;
    }

    /** Host and port: what one callback host's deliveries share as their concurrency limit. */
    public String authority() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
