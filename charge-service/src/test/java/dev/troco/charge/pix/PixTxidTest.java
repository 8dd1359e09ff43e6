package dev.troco.charge.pix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PixTxidTest {

    @Test
    void generatedTxidsFollowTheCobRuleAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String txid = PixTxid.generate();
            assertThat(txid).matches("[a-zA-Z0-9]{26,35}").hasSize(PixTxid.GENERATED_LENGTH);
            assertThat(seen.add(txid)).isTrue();
        }
    }

    @Test
    void aSeededGeneratorReplaysTheSameTxids() {
        assertThat(PixTxid.generate(new Random(1))).isEqualTo(PixTxid.generate(new Random(1)));
    }

    @Test
    void aChargeIdAlwaysGivesTheSameValidTxid() {
        UUID id = UUID.fromString("0190f5a4-7b2c-7def-8123-456789abcdef");
        assertThat(PixTxid.of(id)).isEqualTo("0190f5a47b2c7def8123456789abcdef").isEqualTo(PixTxid.of(id));
        assertThat(PixTxid.isValid(PixTxid.of(id))).isTrue();
    }

    @Test
    void lengthsAndCharactersOutsideTheRuleAreRefused() {
        assertThat(PixTxid.isValid("a".repeat(26))).isTrue();
        assertThat(PixTxid.isValid("a".repeat(35))).isTrue();
        assertThat(PixTxid.isValid("a".repeat(25))).isFalse();
        assertThat(PixTxid.isValid("a".repeat(36))).isFalse();
        assertThat(PixTxid.isValid("a".repeat(25) + "-")).isFalse();
        assertThat(PixTxid.isValid("a".repeat(25) + "é")).isFalse();
        assertThat(PixTxid.isValid(null)).isFalse();
        assertThatThrownBy(() -> PixTxid.require("abc")).hasMessageContaining("26 to 35 letters or digits, was 3");
    }
}
