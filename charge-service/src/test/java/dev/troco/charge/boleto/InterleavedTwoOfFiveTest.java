package dev.troco.charge.boleto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.oned.ITFWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterleavedTwoOfFiveTest {

    @Test
    void barsMatchZxingsItfWriterForTheSafraBarcode() {
        assertThat(InterleavedTwoOfFive.modules(BoletoBarcodeTest.SAFRA_BARCODE))
                .isEqualTo(new ITFWriter().encode(BoletoBarcodeTest.SAFRA_BARCODE));
    }

    @Test
    void barsMatchZxingsItfWriterForRandomBarcodes() {
        Random random = new Random(9L);
        for (int n = 0; n < 200; n++) {
            String digits = BoletoBarcodeTest.randomBarcode(random).digits();
            assertThat(InterleavedTwoOfFive.modules(digits)).isEqualTo(new ITFWriter().encode(digits));
        }
    }

    @Test
    void aBoletoSymbolIs405ModulesAbout103MillimetresAtFebrabansNarrowBar() {
        boolean[] modules = InterleavedTwoOfFive.modules(BoletoBarcodeTest.SAFRA_BARCODE);
        assertThat(modules).hasSize(405);
        double millimetres = modules.length * BoletoPdf.NARROW_BAR_PT / 72 * 25.4;
        assertThat(millimetres).isBetween(102.5, 103.5);
    }

    @Test
    void oddOrNonDigitInputIsRefused() {
        assertThatThrownBy(() -> InterleavedTwoOfFive.modules("123")).hasMessageContaining("even number of digits");
        assertThatThrownBy(() -> InterleavedTwoOfFive.modules("12a4")).hasMessageContaining("even number of digits");
        assertThatThrownBy(() -> InterleavedTwoOfFive.modules("")).isInstanceOf(IllegalArgumentException.class);
    }
}
