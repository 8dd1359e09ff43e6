package dev.troco.charge.fee;

import dev.troco.kit.money.Money;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Splits a charge between payer, merchant, app and Troco from seed 002's {@code amount},
 * {@code app_fee} and {@code fee_payer}, with the company's processing fee rate (see
 * {@link FeePayer} for the split of each fee payer).
 *
 * <p>The processing fee is always the rate times {@code amount}, never times what the payer ends up
 * paying: the seed says so, and it keeps the fee independent of who pays it, so an app can move a
 * fee between payer and merchant without the processing fee moving under it.
 *
 * <p>It is rounded to the cent with {@link RoundingMode#HALF_EVEN}: the rounding of ABNT NBR 5891,
 * Brazil's standard for rounding decimals, and unbiased, so that over many charges neither Troco
 * nor its customers gain from the half cents. (HALF_UP would hand Troco every half cent.)
 *
 * <p>When the app pays the processing fee out of an app fee smaller than it, the app nets a negative
 * amount: the arithmetic is reported as it is, and whether to allow it is the caller's policy.
 */
public final class FeeCalculator {

    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;

    private final ProcessingFeeRate rate;

    public FeeCalculator(ProcessingFeeRate rate) {
        this.rate = Objects.requireNonNull(rate, "rate");
    }

    /**
     * The split of one charge.
     *
     * @throws IllegalArgumentException if the amount is not positive, the app fee is negative or
     *         above the amount, the currencies differ, the merchant would net less than nothing
     *         ({@link FeePayer#PAYEE} with fees above the amount), or a total overflows
     */
    public FeeBreakdown breakdown(Money amount, Money appFee, FeePayer feePayer) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(appFee, "app fee");
        Objects.requireNonNull(feePayer, "fee payer");
        if (!amount.currency().equals(appFee.currency())) {
            throw new IllegalArgumentException("amount and app_fee must be in one currency, were "
                    + amount.currency().getCurrencyCode() + " and " + appFee.currency().getCurrencyCode());
        }
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
        if (appFee.isNegative()) {
            throw new IllegalArgumentException("app_fee must not be negative, was " + appFee);
        }
        if (appFee.isGreaterThan(amount)) {
            throw new IllegalArgumentException("app_fee " + appFee + " is above the amount " + amount);
        }
        Money processing = amount.times(rate.fraction(), ROUNDING);
        try {
            Money payerPays = amount;
            Money merchantNets = amount;
            Money appNets = appFee;
            switch (feePayer.appFeeFrom()) {
                case PAYER -> payerPays = payerPays.plus(appFee);
                case MERCHANT -> merchantNets = merchantNets.minus(appFee);
                case APP -> throw new IllegalStateException("the app does not pay its own fee");
            }
            switch (feePayer.processingFeeFrom()) {
                case PAYER -> payerPays = payerPays.plus(processing);
                case MERCHANT -> merchantNets = merchantNets.minus(processing);
                case APP -> appNets = appNets.minus(processing);
            }
            if (merchantNets.isNegative()) {
                throw new IllegalArgumentException("app_fee " + appFee + " plus processing fee " + processing
                        + " is above the amount " + amount + ": the merchant would net " + merchantNets);
            }
            return new FeeBreakdown(feePayer, amount, appFee, processing, payerPays, merchantNets, appNets);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + amount + " is too large to add fees to", e);
        }
    }
}
