package dev.troco.kit.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void seedFeeArithmeticIsExactInCents() {
        // seed 002, use case 2: amount 104.00, processing fee 3% of the amount = 3.12
        Money amount = Money.parse("104.00", "BRL");
        assertThat(amount.minorUnits()).isEqualTo(10_400);
        assertThat(amount.times(new BigDecimal("0.03"), RoundingMode.HALF_EVEN)).isEqualTo(Money.of(312, "BRL"));
        assertThat(amount.minus(Money.of(400, "BRL"))).isEqualTo(Money.of(10_000, "BRL"));
    }

    @Test
    void overflowThrowsInsteadOfWrapping() {
        Money max = Money.of(Long.MAX_VALUE, "BRL");
        assertThatThrownBy(() -> max.plus(Money.of(1, "BRL"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> max.times(2)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> max.times(new BigDecimal("1.5"), RoundingMode.HALF_EVEN))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void currenciesNeverMix() {
        assertThatThrownBy(() -> Money.of(1, "BRL").plus(Money.of(1, "USD")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currency mismatch");
    }

    @Test
    void minorUnitsFollowTheCurrency() {
        assertThat(Money.parse("1500", "JPY").minorUnits()).isEqualTo(1500);
        assertThat(Money.parse("1.234", "BHD").minorUnits()).isEqualTo(1234);
        assertThat(Money.of(1050, "BRL").toString()).isEqualTo("10.50 BRL");
        assertThatThrownBy(() -> Money.parse("10.505", "BRL")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parse("1.5", "JPY")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownOrMalformedCurrencyIsRefused() {
        assertThatThrownBy(() -> Money.currency("XYZ")).hasMessageContaining("unknown ISO 4217");
        assertThatThrownBy(() -> Money.currency("brl")).hasMessageContaining("three capital letters");
        assertThatThrownBy(() -> Money.currency(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
