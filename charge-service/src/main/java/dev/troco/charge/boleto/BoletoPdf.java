package dev.troco.charge.boleto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Renders a boleto as a one-page A4 PDF a buyer can print and pay at any bank: the payer's receipt
 * on top, a cut line, then the "ficha de compensação" with the linha digitável and the Interleaved
 * 2 of 5 barcode drawn as vector bars at FEBRABAN's size (narrow bar 0.254 mm, wide 3 times, 13 mm
 * tall, about 103 mm long), so it scans from any printer that keeps the page at 100%.
 *
 * <p>The standard Helvetica fonts are used so that nothing is embedded and the file stays small;
 * they cover Portuguese, and a character they lack is printed as {@code ?} rather than failing.
 */
public final class BoletoPdf {

    /** 0.254 mm in points (1 pt = 1/72 in). */
    static final float NARROW_BAR_PT = 0.72f;
    /** 13 mm in points. */
    static final float BAR_HEIGHT_PT = 36.85f;

    private static final float MARGIN = 36;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float RIGHT_COLUMN = 150;
    private static final float ROW = 24;
    private static final float LABEL_SIZE = 6;
    private static final float VALUE_SIZE = 9;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    // Built once: building one looks the font up among the system's (PDFBox caches that scan on
    // disk and logs when it falls back to its bundled font), and nothing in a standard, unembedded
    // font belongs to one document, so one instance serves every render.
    private static final PDFont REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDFont BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    private final PDFont regular = REGULAR;
    private final PDFont bold = BOLD;
    private PDPageContentStream page;

    private BoletoPdf() {
    }

    /** The PDF bytes of {@code slip}. */
    public static byte[] render(BoletoSlip slip) {
        try (PDDocument document = new PDDocument()) {
            PDPage pdPage = new PDPage(PDRectangle.A4);
            document.addPage(pdPage);
            BoletoPdf pdf = new BoletoPdf();
            try (PDPageContentStream stream = new PDPageContentStream(document, pdPage)) {
                pdf.page = stream;
                pdf.draw(slip);
            }
            document.getDocumentInformation().setTitle("Boleto " + slip.ourNumber());
            document.getDocumentInformation().setCreator("Troco");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("boleto PDF could not be written in memory", e);
        }
    }

    private void draw(BoletoSlip slip) throws IOException {
        String linha = slip.barcode().linhaDigitavel().formatted();
        String beneficiary = slip.beneficiaryName() + "  " + slip.beneficiaryDocument().formatted();
        String payer = slip.payerName() + "  " + slip.payerDocument().formatted();
        String amount = money(slip.amount().toDecimal());
        String due = DATE.format(slip.dueDate());
        float y = PDRectangle.A4.getHeight() - MARGIN;

        // Payer's receipt: what the buyer keeps.
        text(bold, 8, MARGIN, y, "Recibo do Pagador");
        y -= 6;
        y = header(slip, y, linha);
        float left = WIDTH - RIGHT_COLUMN;
        box(MARGIN, y, left, "Beneficiário", beneficiary);
        box(MARGIN + left, y, RIGHT_COLUMN, "Vencimento", due);
        y -= ROW;
        box(MARGIN, y, left, "Pagador", payer);
        box(MARGIN + left, y, RIGHT_COLUMN, "Nosso número", slip.ourNumber());
        y -= ROW;
        box(MARGIN, y, left, "Número do documento", slip.documentNumber());
        box(MARGIN + left, y, RIGHT_COLUMN, "(=) Valor do documento", amount);
        y -= ROW + 18;

        cutLine(y);
        y -= 22;

        // Ficha de compensação: what the bank reads.
        y = header(slip, y, linha);
        box(MARGIN, y, left, "Local de pagamento", "Pagável em qualquer banco até o vencimento");
        box(MARGIN + left, y, RIGHT_COLUMN, "Vencimento", due);
        y -= ROW;
        String beneficiaryLine = slip.beneficiaryAddress() == null ? beneficiary
                : beneficiary + "  " + slip.beneficiaryAddress();
        box(MARGIN, y, left, "Beneficiário", beneficiaryLine);
        box(MARGIN + left, y, RIGHT_COLUMN, "Nosso número", slip.ourNumber());
        y -= ROW;
        float cell = left / 4;
        box(MARGIN, y, cell, "Data do documento", DATE.format(slip.documentDate()));
        box(MARGIN + cell, y, cell, "Número do documento", slip.documentNumber());
        box(MARGIN + 2 * cell, y, cell, "Espécie", "R$");
        box(MARGIN + 3 * cell, y, cell, "Aceite", "N");
        box(MARGIN + left, y, RIGHT_COLUMN, "(=) Valor do documento", amount);
        y -= ROW;
        instructions(slip.instructions(), MARGIN, y, left, 4 * ROW);
        box(MARGIN + left, y, RIGHT_COLUMN, "(-) Desconto / Abatimento", "");
        box(MARGIN + left, y - ROW, RIGHT_COLUMN, "(+) Juros / Multa", "");
        box(MARGIN + left, y - 2 * ROW, RIGHT_COLUMN, "(-) Outras deduções", "");
        box(MARGIN + left, y - 3 * ROW, RIGHT_COLUMN, "(=) Valor cobrado", "");
        y -= 4 * ROW;
        float payerHeight = 1.5f * ROW;
        rectangle(MARGIN, y - payerHeight, WIDTH, payerHeight);
        text(regular, LABEL_SIZE, MARGIN + 2, y - LABEL_SIZE - 1, "Pagador");
        text(regular, VALUE_SIZE, MARGIN + 2, y - LABEL_SIZE - 11, fit(regular, VALUE_SIZE, payer, WIDTH - 4));
        if (slip.payerAddress() != null) {
            text(regular, VALUE_SIZE, MARGIN + 2, y - LABEL_SIZE - 22,
                    fit(regular, VALUE_SIZE, slip.payerAddress(), WIDTH - 4));
        }
        y -= payerHeight + 8;
        text(regular, LABEL_SIZE, MARGIN + WIDTH - 150, y - LABEL_SIZE, "Autenticação mecânica - Ficha de Compensação");
        bars(slip.barcode().digits(), MARGIN, y - 4 - BAR_HEIGHT_PT);
    }

    /** Bank name, bank code and the linha digitável: the line a teller and a payer read first. */
    private float header(BoletoSlip slip, float top, String linha) throws IOException {
        float baseline = top - 16;
        text(bold, 11, MARGIN, baseline, fit(bold, 11, slip.bankName(), 140));
        text(bold, 14, MARGIN + 150, baseline, slip.barcode().bankCode());
        float linhaWidth = width(bold, 10.5f, linha);
        text(bold, 10.5f, MARGIN + WIDTH - linhaWidth, baseline, linha);
        float bottom = top - 22;
        page.moveTo(MARGIN, bottom);
        page.lineTo(MARGIN + WIDTH, bottom);
        page.setLineWidth(1.2f);
        page.stroke();
        page.setLineWidth(0.5f);
        return bottom;
    }

    private void box(float x, float top, float width, String label, String value) throws IOException {
        rectangle(x, top - ROW, width, ROW);
        text(regular, LABEL_SIZE, x + 2, top - LABEL_SIZE - 1, label);
        if (!value.isEmpty()) {
            text(regular, VALUE_SIZE, x + 2, top - ROW + 5, fit(regular, VALUE_SIZE, value, width - 4));
        }
    }

    private void instructions(List<String> lines, float x, float top, float width, float height) throws IOException {
        rectangle(x, top - height, width, height);
        text(regular, LABEL_SIZE, x + 2, top - LABEL_SIZE - 1, "Instruções (texto de responsabilidade do beneficiário)");
        float baseline = top - LABEL_SIZE - 12;
        for (String line : lines) {
            text(regular, 8, x + 2, baseline, fit(regular, 8, line, width - 4));
            baseline -= 10;
        }
    }

    private void cutLine(float y) throws IOException {
        page.setLineDashPattern(new float[] {3, 3}, 0);
        page.moveTo(MARGIN, y);
        page.lineTo(MARGIN + WIDTH, y);
        page.stroke();
        page.setLineDashPattern(new float[] {}, 0);
        String label = "Corte na linha pontilhada";
        text(regular, LABEL_SIZE, MARGIN + WIDTH - width(regular, LABEL_SIZE, label), y + 3, label);
    }

    /** The ITF symbol as filled rectangles, one per run of dark modules. */
    private void bars(String digits, float x, float bottom) throws IOException {
        boolean[] modules = InterleavedTwoOfFive.modules(digits);
        int i = 0;
        while (i < modules.length) {
            int run = i;
            while (run < modules.length && modules[run] == modules[i]) {
                run++;
            }
            if (modules[i]) {
                page.addRect(x + i * NARROW_BAR_PT, bottom, (run - i) * NARROW_BAR_PT, BAR_HEIGHT_PT);
            }
            i = run;
        }
        page.fill();
    }

    private void rectangle(float x, float y, float width, float height) throws IOException {
        page.setLineWidth(0.5f);
        page.addRect(x, y, width, height);
        page.stroke();
    }

    private void text(PDFont font, float size, float x, float y, String text) throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, y);
        page.showText(printable(font, text));
        page.endText();
    }

    /** {@code text}, cut with "..." to fit {@code width}: a long name must not run over the next box. */
    private String fit(PDFont font, float size, String text, float width) throws IOException {
        String printable = printable(font, text);
        if (width(font, size, printable) <= width) {
            return printable;
        }
        String cut = printable;
        while (!cut.isEmpty() && width(font, size, cut + "...") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    private float width(PDFont font, float size, String text) throws IOException {
        return font.getStringWidth(printable(font, text)) / 1000 * size;
    }

    private static String printable(PDFont font, String text) {
        List<String> out = new ArrayList<>();
        text.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                out.add(c);
            } catch (IllegalArgumentException | IOException e) {
                out.add("?");
            }
        });
        return String.join("", out);
    }

    /** {@code R$ 1.234,56}, the way Brazilians read an amount. */
    static String money(BigDecimal reais) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.forLanguageTag("pt-BR")));
        return "R$ " + format.format(reais);
    }
}
