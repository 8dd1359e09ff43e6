package dev.troco.charge.boleto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.oned.ITFReader;
import dev.troco.kit.document.TaxId;
import dev.troco.kit.money.Money;
import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class BoletoPdfTest {

    private static final LocalDate DUE = LocalDate.of(2016, 7, 20);

    @Test
    void thePdfOpensAndItsTextCarriesWhatThePayerNeeds() throws Exception {
        byte[] pdf = BoletoPdf.render(slip(List.of("Não receber após o vencimento.", "Multa de 2% após o vencimento.")));
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            String text = new PDFTextStripper().getText(document);
            assertThat(text)
                    .contains("42297.11504 00001.954411 60020.034520 2 68610000054659")
                    .contains("Padaria São João Ltda")
                    .contains("11.222.333/0001-81")
                    .contains("Maria da Conceição")
                    .contains("529.982.247-25")
                    .contains("R$ 546,59")
                    .contains("20/07/2016")
                    .contains("00019544-1")
                    .contains("Não receber após o vencimento.")
                    .contains("Ficha de Compensação");
        }
    }

    @Test
    void theBarsScanBackToTheBarcode() throws Exception {
        byte[] pdf = BoletoPdf.render(slip(List.of()));
        BufferedImage image;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            image = new PDFRenderer(document).renderImageWithDPI(0, 300, ImageType.RGB);
        }
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        String scanned = new ITFReader().decode(bitmap, Map.of(
                DecodeHintType.TRY_HARDER, Boolean.TRUE,
                DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.ITF),
                DecodeHintType.ALLOWED_LENGTHS, new int[] {44})).getText();
        assertThat(scanned).isEqualTo(BoletoBarcodeTest.SAFRA_BARCODE);
    }

    @Test
    void aCharacterTheFontLacksIsPrintedAsAQuestionMark() throws Exception {
        byte[] pdf = BoletoPdf.render(slip(List.of("Pague com Pix ✓")));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Pague com Pix ?");
        }
    }

    @Test
    void aSlipWhoseAmountOrDueDateDisagreesWithTheBarcodeIsRefused() {
        assertThatThrownBy(() -> slip(Money.of(54_660, "BRL"), DUE, List.of()))
                .hasMessageContaining("differs from the barcode's 54659 cents");
        assertThatThrownBy(() -> slip(Money.of(54_659, "BRL"), DUE.plusDays(1), List.of()))
                .hasMessageContaining("differs from the barcode's factor 6861");
        assertThatThrownBy(() -> slip(Money.of(54_659, "USD"), DUE, List.of())).hasMessageContaining("BRL");
        assertThatThrownBy(() -> slip(List.of("1", "2", "3", "4", "5", "6", "7")))
                .hasMessageContaining("at most 6 instruction lines");
        assertThatThrownBy(() -> slip(List.of("x".repeat(101)))).hasMessageContaining("instruction line is 101");
    }

    @Test
    void moneyIsWrittenTheBrazilianWay() {
        assertThat(BoletoPdf.money(Money.of(123_456_789, "BRL").toDecimal())).isEqualTo("R$ 1.234.567,89");
        assertThat(BoletoPdf.money(Money.of(5, "BRL").toDecimal())).isEqualTo("R$ 0,05");
    }

    private static BoletoSlip slip(List<String> instructions) {
        return slip(Money.of(54_659, "BRL"), DUE, instructions);
    }

    private static BoletoSlip slip(Money amount, LocalDate due, List<String> instructions) {
        return new BoletoSlip(
                "Banco Safra S.A.",
                new BoletoBarcode(BoletoBarcodeTest.SAFRA_BARCODE),
                "Padaria São João Ltda",
                TaxId.parse("11.222.333/0001-81"),
                "Rua das Flores, 100 - Centro - Belo Horizonte/MG",
                "Maria da Conceição",
                TaxId.parse("529.982.247-25"),
                "Av. Brasil, 2000 - Rio de Janeiro/RJ - 20000-000",
                amount,
                due,
                LocalDate.of(2016, 7, 1),
                "00019544-1",
                "PED-2016-42",
                instructions);
    }
}
