package dev.troco.kit.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money: a {@code long} count of the currency's minor units (cents for BRL) and an
 * ISO 4217 currency. Arithmetic is exact: an overflow throws instead of wrapping, amounts of
 * different currencies never mix, and a rate is applied with an explicit rounding mode.
 */
public record Money(long minorUnits, Currency currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(long minorUnits, String currencyCode) {
        return new Money(minorUnits, currency(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /** Parses a decimal amount such as {@code "10.50"}; more decimals than the currency has is an error. */
    public static Money parse(String decimal, String currencyCode) {
        Currency currency = currency(currencyCode);
        BigDecimal value;
        try {
            value = new BigDecimal(decimal);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal amount: " + decimal, e);
        }
        try {
            return new Money(value.movePointRight(fractionDigits(currency)).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "amount has more than " + fractionDigits(currency) + " decimals or is too large: " + decimal, e);
        }
    }

    /**
     * The ISO 4217 currency of an alphabetic code.
     *
     * @throws IllegalArgumentException for an unknown or malformed code
     */
    public static Currency currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code of three capital letters: " + code);
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ISO 4217 currency: " + code, e);
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(minorUnits, factor), currency);
    }

    public Money negate() {
        return new Money(Math.negateExact(minorUnits), currency);
    }

    /** This amount times {@code rate} (e.g. 0.03 for 3%), rounded to a minor unit. */
    public Money times(BigDecimal rate, RoundingMode rounding) {
        BigDecimal exact = BigDecimal.valueOf(minorUnits).multiply(rate);
        try {
            return new Money(exact.setScale(0, rounding).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("amount overflow: " + exact);
        }
    }

    public boolean isPositive() {
        return minorUnits > 0;
    }

    public boolean isNegative() {
        return minorUnits < 0;
    }

    public boolean isZero() {
        return minorUnits == 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(minorUnits, other.minorUnits);
    }

    /** The amount as a decimal in major units, e.g. {@code 10.50}. */
    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(minorUnits, fractionDigits(currency));
    }

    @Override
    public String toString() {
        return toDecimal().toPlainString() + " " + currency.getCurrencyCode();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(
                    "currency mismatch: " + currency.getCurrencyCode() + " and " + other.currency.getCurrencyCode());
        }
    }

    private static int fractionDigits(Currency currency) {
        return Math.max(0, currency.getDefaultFractionDigits());
    }
}
