package dev.troco.charge.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RenderedDocumentsTest {

    @Test
    void aDocumentIsRenderedOncePerChargeAndSize() {
        RenderedDocuments documents = new RenderedDocuments();
        AtomicInteger renders = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            byte[] png = documents.qrCode("chg_1", 256, () -> new byte[] {(byte) renders.incrementAndGet()});
            assertThat(png).containsExactly(1);
        }
        documents.qrCode("chg_1", 512, () -> new byte[] {(byte) renders.incrementAndGet()});
        documents.boletoPdf("chg_1", () -> new byte[] {(byte) renders.incrementAndGet()});
        documents.boletoPdf("chg_1", () -> new byte[] {(byte) renders.incrementAndGet()});
        assertThat(renders).hasValue(3);
        assertThat(documents.size()).isEqualTo(3);
    }

    @Test
    void theCacheIsBoundedByBytes() {
        RenderedDocuments documents = new RenderedDocuments();
        int oneMegabyte = 1024 * 1024;
        for (int i = 0; i < 100; i++) {
            documents.boletoPdf("chg_" + i, () -> new byte[oneMegabyte]);
        }
        assertThat(documents.size() * oneMegabyte).isLessThanOrEqualTo(RenderedDocuments.BYTES_MAX);
    }
}
