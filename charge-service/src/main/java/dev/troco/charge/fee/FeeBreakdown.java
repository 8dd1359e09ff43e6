package dev.troco.charge.fee;

import dev.troco.kit.money.Money;

/**
 * Who pays what on one charge and what each party nets, as {@link FeeCalculator} worked it out;
 * what the charge shows the merchant and what the ledger posts.
 *
 * @param amount        the {@code amount} of the charge request
 * @param appFee        the {@code app_fee} of the request
 * @param processingFee Troco's fee: the company's rate times {@code amount}
 * @param payerPays     what is collected from the payer
 * @param merchantNets  what is credited to the merchant
 * @param appNets       what is credited to the app; negative when the app pays a processing fee
 *                      larger than its app fee (see {@link FeeCalculator})
 */
public record FeeBreakdown(
        FeePayer feePayer,
        Money amount,
        Money appFee,
        Money processingFee,
        Money payerPays,
        Money merchantNets,
        Money appNets) {

    /** What Troco keeps; named so that a ledger posting reads as the four parties. */
    public Money processorReceives() {
        return processingFee;
    }
}
