package dev.troco.charge.pix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Crc16CcittTest {

    @Test
    void standardCheckValueOf123456789Is29B1() {
        assertThat(Crc16Ccitt.hex("123456789")).isEqualTo("29B1");
    }

    @Test
    void emptyInputLeavesTheInitialValue() {
        assertThat(Crc16Ccitt.hex("")).isEqualTo("FFFF");
    }

    @Test
    void smallValuesArePaddedToFourUppercaseDigits() {
        assertThat(Crc16Ccitt.hex("0002012658")).matches("[0-9A-F]{4}");
    }
}
