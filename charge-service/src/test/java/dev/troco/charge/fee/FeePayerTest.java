package dev.troco.charge.fee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FeePayerTest {

    @Test
    void wireNamesAreTheSeedsAndAbsentMeansPayeeFromApp() {
        assertThat(FeePayer.fromWire("payee_from_app")).isEqualTo(FeePayer.PAYEE_FROM_APP);
        assertThat(FeePayer.fromWire("payer_from_app")).isEqualTo(FeePayer.PAYER_FROM_APP);
        assertThat(FeePayer.fromWire("payee")).isEqualTo(FeePayer.PAYEE);
        assertThat(FeePayer.fromWire("payer")).isEqualTo(FeePayer.PAYER);
        assertThat(FeePayer.fromWire(null)).isEqualTo(FeePayer.PAYEE_FROM_APP);
        assertThat(FeePayer.PAYER_FROM_APP.wireName()).isEqualTo("payer_from_app");
        assertThatThrownBy(() -> FeePayer.fromWire("PAYEE")).hasMessageContaining("must be one of");
        assertThatThrownBy(() -> FeePayer.fromWire("app")).hasMessageContaining("was app");
    }

    @Test
    void theEventEnumAndThisOneNameTheSameFourValues() {
        for (dev.troco.events.common.FeePayer onTheWire : dev.troco.events.common.FeePayer.values()) {
            assertThat(FeePayer.valueOf(onTheWire.name()).name()).isEqualTo(onTheWire.name());
        }
        assertThat(FeePayer.values()).hasSameSizeAs(dev.troco.events.common.FeePayer.values());
    }

    @Test
    void ratesAreFractionsBelowOneWithBoundedDecimals() {
        assertThat(ProcessingFeeRate.percent("2.99").fraction()).isEqualByComparingTo("0.0299");
        assertThat(new ProcessingFeeRate(new BigDecimal("0.030000")).fraction()).isEqualTo(new BigDecimal("0.03"));
        assertThat(ProcessingFeeRate.percent("0").fraction()).isEqualByComparingTo("0");
        assertThatThrownBy(() -> ProcessingFeeRate.percent("100")).hasMessageContaining("below 1");
        assertThatThrownBy(() -> ProcessingFeeRate.percent("-1")).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> ProcessingFeeRate.percent("2.99999")).hasMessageContaining("more than 6 decimals");
        assertThatThrownBy(() -> ProcessingFeeRate.percent("3%")).hasMessageContaining("not a decimal percentage");
    }
}
