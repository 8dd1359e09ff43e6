package dev.troco.charge.pix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BrCodeParserTest {

    /**
     * The manual's multi-arrangement example (Manual do BR Code, section 2.2): a Pix account under
     * id 26 in uppercase, another arrangement under 27, a postal code, and extra templates.
     */
    static final String MANUAL_MULTI_ARRANGEMENT = "00020104141234567890123426580014BR.GOV.BCB.PIX0136123e4567-e12b-12d1"
            + "-a456-42665544000027300012BR.COM.OUTRO011001234567895204000053039865406123.455802BR5917NOME DO "
            + "RECEBEDOR6008BRASILIA61087007490062190515RP12345678-201980390012BR.COM.OUTRO01190123.ABCD.3456"
            + ".WXYZ6304AD38";

    @Test
    void readsTheManualsStaticExample() {
        BrCode code = BrCodeParser.parse(BrCodeEncoderTest.MANUAL_STATIC);
        assertThat(code.dynamic()).isFalse();
        assertThat(code.pixKey()).hasValue("123e4567-e12b-12d1-a456-426655440000");
        assertThat(code.location()).isEmpty();
        assertThat(code.amountCents()).isEmpty();
        assertThat(code.merchantName()).isEqualTo("Fulano de Tal");
        assertThat(code.merchantCity()).isEqualTo("BRASILIA");
        assertThat(code.txid()).isEmpty();
        assertThat(code.crc()).isEqualTo("1D3D");
    }

    @Test
    void readsTheManualsDynamicExample() {
        BrCode code = BrCodeParser.parse(BrCodeEncoderTest.MANUAL_DYNAMIC);
        assertThat(code.dynamic()).isTrue();
        assertThat(code.location()).hasValue("pix.example.com/8b3da2f39a4140d1a91abd93113bd441");
        assertThat(code.pixKey()).isEmpty();
    }

    @Test
    void readsTheManualsMultiArrangementExample() {
        BrCode code = BrCodeParser.parse(MANUAL_MULTI_ARRANGEMENT);
        assertThat(code.pixKey()).hasValue("123e4567-e12b-12d1-a456-426655440000");
        assertThat(code.amountCents()).hasValue(12_345);
        assertThat(code.txid()).hasValue("RP12345678-2019");
        assertThat(code.merchantName()).isEqualTo("NOME DO RECEBEDOR");
        assertThat(code.fields()).containsEntry("61", "70074900");
    }

    @Test
    void aWrongCrcIsRefused() {
        String tampered = BrCodeEncoderTest.MANUAL_STATIC.replace("Fulano", "Fulana");
        assertThatThrownBy(() -> BrCodeParser.parse(tampered)).hasMessageContaining("CRC is 1D3D");
        assertThatThrownBy(() -> BrCodeParser.parse(BrCodeEncoderTest.MANUAL_STATIC.replace("1D3D", "1D3E")))
                .hasMessageContaining("CRC");
    }

    @Test
    void brokenStructureIsRefused() {
        assertThatThrownBy(() -> BrCodeParser.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BrCodeParser.parse("pix copia e cola")).hasMessageContaining("two digits");
        assertThatThrownBy(() -> BrCodeParser.parse("000201269")).hasMessageContaining("truncated");
        assertThatThrownBy(() -> BrCodeParser.parse("0002012699abc")).hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> BrCodeParser.parse("000201000201")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> BrCodeParser.parse("0002025802BR")).hasMessageContaining("start with payload format");
        assertThatThrownBy(() -> BrCodeParser.parse("0002015802BR")).hasMessageContaining("end with its CRC");
        assertThatThrownBy(() -> BrCodeParser.parse("0".repeat(513))).hasMessageContaining("longer than 512");
    }

    @Test
    void aCodeWithoutPixAccountIsRefusedEvenWithAGoodCrc() {
        String body = "000201" + "26300012BR.COM.OUTRO0110012345678952040000530398658" + "02BR5901A6001B6304";
        assertThatThrownBy(() -> BrCodeParser.parse(body + Crc16Ccitt.hex(body)))
                .hasMessageContaining("no Pix merchant account");
    }

    @Test
    void anySingleCharacterChangeIsCaught() {
        // CRC-16 catches every single-character error; the structure checks catch the rest first.
        Random random = new Random(42);
        String payload = BrCodeEncoder.dynamic("pix.example.com/qr/v2/9d36b84fc70b478fb95c12729b90ca25")
                .merchant("Loja Exemplo", "Curitiba").amountCents(4_990).encode();
        for (int i = 0; i < payload.length(); i++) {
            char original = payload.charAt(i);
            char changed;
            do {
                changed = (char) (0x21 + random.nextInt(0x5E));
            } while (changed == original);
            String tampered = payload.substring(0, i) + changed + payload.substring(i + 1);
            assertThatThrownBy(() -> BrCodeParser.parse(tampered)).as("change at %d", i)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void whatTheEncoderWritesReadsBack() {
        Random random = new Random(2026);
        for (int n = 0; n < 300; n++) {
            long cents = 1 + (long) (random.nextDouble() * BrCodeEncoder.AMOUNT_CENTS_MAX);
            String txid = PixTxid.generate(random);
            String payload = BrCodeEncoder.dynamic("pix.example.com/qr/v2/cobv/" + txid)
                    .merchant("Loja " + n, "Cidade " + n).amountCents(cents).encode();
            BrCode code = BrCodeParser.parse(payload);
            assertThat(code.amountCents()).hasValue(cents);
            assertThat(code.location()).hasValue("pix.example.com/qr/v2/cobv/" + txid);
            assertThat(code.merchantName()).isEqualTo("Loja " + n);
        }
    }
}
