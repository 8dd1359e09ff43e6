package dev.troco.charge.pix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The two reference payloads are the examples of the Central Bank's "Manual de Padrões para
 * Iniciação do Pix" (static code, section 2.7.1; dynamic code, section 2.7.2), as reproduced
 * verbatim by many independent open-source BR Code libraries and their tests.
 */
class BrCodeEncoderTest {

    static final String MANUAL_STATIC = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            + "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
    static final String MANUAL_DYNAMIC = "00020101021226700014br.gov.bcb.pix2548pix.example.com/"
            + "8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4";

    @Test
    void staticCodeMatchesTheManualByteForByte() {
        String payload = BrCodeEncoder.staticKey("123e4567-e12b-12d1-a456-426655440000")
                .merchant("Fulano de Tal", "BRASILIA")
                .encode();
        assertThat(payload).isEqualTo(MANUAL_STATIC);
    }

    @Test
    void dynamicCodeMatchesTheManualByteForByte() {
        String payload = BrCodeEncoder.dynamic("pix.example.com/8b3da2f39a4140d1a91abd93113bd441")
                .merchant("Fulano de Tal", "BRASILIA")
                .encode();
        assertThat(payload).isEqualTo(MANUAL_DYNAMIC);
    }

    @Test
    void amountIsWrittenFromCentsWithTwoDecimals() {
        String payload = BrCodeEncoder.dynamic("pix.example.com/qr/v2/cob1").merchant("Loja", "Recife")
                .amountCents(1050).encode();
        assertThat(payload).contains("540510.50");
        assertThat(BrCodeEncoder.decimal(1)).isEqualTo("0.01");
        assertThat(BrCodeEncoder.decimal(100)).isEqualTo("1.00");
        assertThat(BrCodeEncoder.decimal(BrCodeEncoder.AMOUNT_CENTS_MAX)).isEqualTo("9999999999.99").hasSize(13);
    }

    @Test
    void theManualsStaticExampleWithAnAmountKeepsItsFieldOrder() {
        // Section 2.8.5 of the manual puts 54 = 100.50 between the currency and the country.
        String payload = BrCodeEncoder.staticKey("123e4567-e12b-12d1-a456-426655440000")
                .merchant("Fulano de Tal", "BRASILIA").amountCents(10_050).encode();
        assertThat(payload).startsWith("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
                + "5204000053039865406100.505802BR5913Fulano de Tal6008BRASILIA62070503***6304");
        assertThat(BrCodeParser.parse(payload).amountCents()).hasValue(10_050);
    }

    @Test
    void staticCodeCarriesDescriptionAndItsOwnTxid() {
        String payload = BrCodeEncoder.staticKey("fulano@example.com").description("Pedido 42")
                .txid("RP12345678x2019").merchant("Fulano de Tal", "BRASILIA").amountCents(12_345).encode();
        BrCode code = BrCodeParser.parse(payload);
        assertThat(code.pixKey()).hasValue("fulano@example.com");
        assertThat(code.description()).hasValue("Pedido 42");
        assertThat(code.txid()).hasValue("RP12345678x2019");
        assertThat(code.dynamic()).isFalse();
        assertThat(payload).contains("62190515RP12345678x2019");
    }

    @Test
    void accentsAreDroppedAndLimitsCountTheResult() {
        String payload = BrCodeEncoder.dynamic("pix.example.com/qr/v2/abc")
                .merchant("Padaria  São João’s", "São Paulo").encode();
        BrCode code = BrCodeParser.parse(payload);
        assertThat(code.merchantName()).isEqualTo("Padaria Sao Joao's");
        assertThat(code.merchantCity()).isEqualTo("Sao Paulo");
        assertThat(BrCodeEncoder.dynamic("x.example/1").merchant("Açaí Ç".repeat(4) + "A", "Jundiaí").encode())
                .contains("5925Acai CAcai CAcai CAcai CA");
    }

    @Test
    void tooLongOrUnwritableFieldsAreRefusedByName() {
        BrCodeEncoder code = BrCodeEncoder.dynamic("pix.example.com/qr/v2/abc");
        assertThatThrownBy(() -> code.merchant("A".repeat(26), "Recife"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("merchant name is 26 characters");
        assertThatThrownBy(() -> code.merchant("Loja", "Vila Bela da Santíssima Trindade"))
                .hasMessageContaining("merchant city is");
        assertThatThrownBy(() -> code.merchant("Loja 漢字", "Recife"))
                .hasMessageContaining("merchant name has a character that is not printable ASCII");
        assertThatThrownBy(() -> code.merchant(" ", "Recife")).hasMessageContaining("merchant name is required");
        assertThatThrownBy(code::encode).hasMessageContaining("merchant name and city are required");
    }

    @Test
    void amountMustBePositiveAndFitThirteenCharacters() {
        BrCodeEncoder code = BrCodeEncoder.dynamic("pix.example.com/qr/v2/abc");
        assertThatThrownBy(() -> code.amountCents(0)).hasMessageContaining("amount must be positive");
        assertThatThrownBy(() -> code.amountCents(-5)).hasMessageContaining("amount must be positive");
        assertThatThrownBy(() -> code.amountCents(BrCodeEncoder.AMOUNT_CENTS_MAX + 1))
                .hasMessageContaining("13 characters");
    }

    @Test
    void locationIsAUrlWithoutSchemeThatFitsField26() {
        assertThatThrownBy(() -> BrCodeEncoder.dynamic("https://pix.example.com/qr/v2/abc"))
                .hasMessageContaining("location must not carry a scheme");
        assertThatThrownBy(() -> BrCodeEncoder.dynamic("pix.example.com/" + "a".repeat(62)))
                .hasMessageContaining("location is 78 characters");
        assertThatThrownBy(() -> BrCodeEncoder.dynamic("pix.example.com/a b")).hasMessageContaining("blanks");
        String longest = "pix.example.com/" + "a".repeat(61);
        assertThat(BrCodeParser.parse(BrCodeEncoder.dynamic(longest).merchant("A", "B").encode()).location())
                .hasValue(longest);
    }

    @Test
    void dynamicCodesLeaveTxidAndDescriptionToTheCharge() {
        BrCodeEncoder code = BrCodeEncoder.dynamic("pix.example.com/qr/v2/abc");
        assertThatThrownBy(() -> code.txid("ABC")).hasMessageContaining("txid belongs to the charge");
        assertThatThrownBy(() -> code.description("x")).hasMessageContaining("description belongs to the charge");
    }

    @Test
    void staticTxidIsUpTo25LettersOrDigits() {
        BrCodeEncoder code = BrCodeEncoder.staticKey("+5561999999999");
        assertThatThrownBy(() -> code.txid("A".repeat(26))).hasMessageContaining("1 to 25 letters or digits");
        assertThatThrownBy(() -> code.txid("RP-1")).hasMessageContaining("1 to 25 letters or digits");
        assertThat(code.txid("A".repeat(25)).merchant("A", "B").encode()).contains("62290525" + "A".repeat(25));
    }

    @Test
    void keyAndDescriptionMustFitTogetherInField26() {
        String email = "a".repeat(65) + "@example.com"; // 77 characters, the DICT maximum
        assertThat(BrCodeEncoder.staticKey(email).merchant("A", "B").encode()).contains("2699");
        assertThatThrownBy(() -> BrCodeEncoder.staticKey(email).description("x").merchant("A", "B").encode())
                .hasMessageContaining("merchant account information (id 26) is 104 characters");
        assertThatThrownBy(() -> BrCodeEncoder.staticKey("a".repeat(78))).hasMessageContaining("pix key is 78");
    }
}
