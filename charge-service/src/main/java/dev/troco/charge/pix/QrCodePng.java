package dev.troco.charge.pix;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The QR code of a BR Code, as the PNG a checkout page or an e-mail shows. */
public final class QrCodePng {

    public static final int SIZE_MIN_PX = 128;
    public static final int SIZE_MAX_PX = 2048;

    private static final int BLACK = 0x000000;
    private static final int WHITE = 0xFFFFFF;
    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            // M survives a smudged print or a screen glare without making the symbol much denser.
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            // The four-module quiet zone the QR standard asks for: phone scanners miss codes without it.
            EncodeHintType.MARGIN, 4);

    private QrCodePng() {
    }

    /**
     * A square PNG of {@code size} pixels encoding {@code payload}. No character set is declared: a
     * BR Code is ASCII, and an ECI header would only give some older bank apps a reason to fail.
     */
    public static byte[] render(String payload, int size) {
        if (payload == null || payload.isEmpty()) {
            throw new IllegalArgumentException("payload is required");
        }
        if (payload.length() > BrCodeParser.PAYLOAD_LENGTH_MAX) {
            throw new IllegalArgumentException("payload is longer than " + BrCodeParser.PAYLOAD_LENGTH_MAX + " characters");
        }
        if (size < SIZE_MIN_PX || size > SIZE_MAX_PX) {
            throw new IllegalArgumentException("size must be " + SIZE_MIN_PX + " to " + SIZE_MAX_PX + " pixels, was " + size);
        }
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, size, size, HINTS);
        } catch (WriterException e) {
            throw new IllegalArgumentException("payload does not fit in a QR code: " + e.getMessage(), e);
        }
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? BLACK : WHITE);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        // A memory cache, because ImageIO.write would buffer through a temporary file for every image.
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(png)) {
            writer.setOutput(stream);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG writing failed in memory", e);
        } finally {
            writer.dispose();
        }
        return png.toByteArray();
    }
}
