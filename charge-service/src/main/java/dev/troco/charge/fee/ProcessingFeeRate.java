package dev.troco.charge.fee;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The share of a charge's amount that Troco keeps for processing it, set per company, e.g.
 * {@code 0.0299} for 2.99%. A fraction, not a percentage, so that the arithmetic is amount times
 * rate with nothing to remember.
 *
 * @param fraction at least 0 and below 1, with at most {@value #SCALE_MAX} decimals
 */
public record ProcessingFeeRate(BigDecimal fraction) {

    /** Six decimals (a ten-thousandth of a percent) is finer than any price list. */
    public static final int SCALE_MAX = 6;

    public ProcessingFeeRate {
        Objects.requireNonNull(fraction, "fraction");
        if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("processing fee rate must be at least 0 and below 1, was " + fraction);
        }
        fraction = fraction.stripTrailingZeros();
        if (fraction.scale() > SCALE_MAX) {
            throw new IllegalArgumentException(
                    "processing fee rate has more than " + SCALE_MAX + " decimals: " + fraction.toPlainString());
        }
    }

    /** The rate in percent, without trailing zeros: {@code 1.99} for 0.0199, {@code 3} for 0.03. */
    public BigDecimal percent() {
        BigDecimal percent = fraction.movePointRight(2).stripTrailingZeros();
        return percent.scale() < 0 ? percent.setScale(0) : percent;
    }

    /** {@code percent("2.99")} is 2.99%. Text, so that no binary fraction sneaks in through a double. */
    public static ProcessingFeeRate percent(String percent) {
        try {
            return new ProcessingFeeRate(new BigDecimal(percent).movePointLeft(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal percentage: " + percent, e);
        }
    }
}
