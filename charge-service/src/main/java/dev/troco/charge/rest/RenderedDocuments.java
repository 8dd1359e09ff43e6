package dev.troco.charge.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * QR codes and boleto PDFs as rendered, per charge (and size): what they show never changes once a charge exists,
 * and rendering a 2,048-pixel QR code or a PDF on every view costs tens of CPU-milliseconds that a page refreshed
 * in a loop would otherwise spend again and again. Bounded by bytes and by time; the owner check runs before every
 * lookup, so the cache never answers another company.
 */
@ApplicationScoped
public class RenderedDocuments {

    static final long BYTES_MAX = 32L * 1024 * 1024;
    static final Duration KEPT_FOR = Duration.ofMinutes(30);

    private final Cache<String, byte[]> rendered = Caffeine.newBuilder()
            .maximumWeight(BYTES_MAX)
            .weigher((String key, byte[] bytes) -> bytes.length + key.length())
            .expireAfterAccess(KEPT_FOR)
            .build();

    public byte[] qrCode(String chargeId, int size, Supplier<byte[]> render) {
        return rendered.get("qr:" + chargeId + ":" + size, key -> render.get());
    }

    public byte[] boletoPdf(String chargeId, Supplier<byte[]> render) {
        return rendered.get("boleto:" + chargeId, key -> render.get());
    }

    /** How many documents are kept (for tests). */
    long size() {
        rendered.cleanUp();
        return rendered.estimatedSize();
    }
}
