package dev.troco.charge.pix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodePngTest {

    @Test
    void thePngDecodesBackToTheManualsDynamicCode() throws Exception {
        byte[] png = QrCodePng.render(BrCodeEncoderTest.MANUAL_DYNAMIC, 400);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(400);
        assertThat(decode(image)).isEqualTo(BrCodeEncoderTest.MANUAL_DYNAMIC);
    }

    @Test
    void theSmallestAllowedSizeStillDecodesTheLongestPayload() throws Exception {
        String payload = BrCodeEncoder.staticKey("a".repeat(65) + "@example.com").merchant("A".repeat(25), "B".repeat(15))
                .amountCents(BrCodeEncoder.AMOUNT_CENTS_MAX).txid("T".repeat(25)).encode();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodePng.render(payload, QrCodePng.SIZE_MIN_PX)));
        assertThat(decode(image)).isEqualTo(payload);
    }

    @Test
    void sizeAndPayloadAreBounded() {
        assertThatThrownBy(() -> QrCodePng.render("x", 127)).hasMessageContaining("size must be 128 to 2048");
        assertThatThrownBy(() -> QrCodePng.render("x", 2049)).hasMessageContaining("size must be");
        assertThatThrownBy(() -> QrCodePng.render("", 200)).hasMessageContaining("payload is required");
        assertThatThrownBy(() -> QrCodePng.render("x".repeat(513), 200)).hasMessageContaining("longer than 512");
    }

    private static String decode(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
