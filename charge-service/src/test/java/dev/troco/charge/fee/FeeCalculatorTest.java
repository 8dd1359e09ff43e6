package dev.troco.charge.fee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.troco.kit.money.Money;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeeCalculatorTest {

    /** Seed 002: "let's assume the app platform is paying a 3% WePay fee". */
    private final FeeCalculator seedRate = new FeeCalculator(ProcessingFeeRate.percent("3"));

    @Test
    void seedUseCase1PlatformAdvertisesFourPercentToMerchants() {
        FeeBreakdown fees = seedRate.breakdown(brl("100.00"), brl("4.00"), FeePayer.PAYEE_FROM_APP);
        assertThat(fees.payerPays()).isEqualTo(brl("100.00"));
        assertThat(fees.appFee()).isEqualTo(brl("4.00"));
        assertThat(fees.merchantNets()).isEqualTo(brl("96.00"));
        assertThat(fees.processingFee()).isEqualTo(brl("3.00"));
        assertThat(fees.appNets()).isEqualTo(brl("1.00"));
    }

    @Test
    void seedUseCase2PlatformAdvertisesFourPercentToThePayer() {
        FeeBreakdown fees = seedRate.breakdown(brl("104.00"), brl("4.00"), FeePayer.PAYEE_FROM_APP);
        assertThat(fees.payerPays()).isEqualTo(brl("104.00"));
        assertThat(fees.merchantNets()).isEqualTo(brl("100.00"));
        assertThat(fees.processingFee()).isEqualTo(brl("3.12"));
        assertThat(fees.appNets()).isEqualTo(brl("0.88"));
    }

    @Test
    void seedUseCase3FourPercentSplitThreeToMerchantOneToPayer() {
        FeeBreakdown fees = seedRate.breakdown(brl("101.00"), brl("4.00"), FeePayer.PAYEE_FROM_APP);
        assertThat(fees.payerPays()).isEqualTo(brl("101.00"));
        assertThat(fees.merchantNets()).isEqualTo(brl("97.00"));
        assertThat(fees.processingFee()).isEqualTo(brl("3.03"));
        assertThat(fees.processorReceives()).isEqualTo(brl("3.03"));
    }

    @Test
    void eachFeePayerMovesTheFeesToItsParty() {
        Money amount = brl("100.00");
        Money appFee = brl("4.00");
        FeeBreakdown payerFromApp = seedRate.breakdown(amount, appFee, FeePayer.PAYER_FROM_APP);
        assertThat(payerFromApp.payerPays()).isEqualTo(brl("104.00"));
        assertThat(payerFromApp.merchantNets()).isEqualTo(brl("100.00"));
        assertThat(payerFromApp.appNets()).isEqualTo(brl("1.00"));

        FeeBreakdown payee = seedRate.breakdown(amount, appFee, FeePayer.PAYEE);
        assertThat(payee.payerPays()).isEqualTo(brl("100.00"));
        assertThat(payee.merchantNets()).isEqualTo(brl("93.00"));
        assertThat(payee.appNets()).isEqualTo(brl("4.00"));

        FeeBreakdown payer = seedRate.breakdown(amount, appFee, FeePayer.PAYER);
        assertThat(payer.payerPays()).isEqualTo(brl("107.00"));
        assertThat(payer.merchantNets()).isEqualTo(brl("100.00"));
        assertThat(payer.appNets()).isEqualTo(brl("4.00"));
    }

    @Test
    void theProcessingFeeIsAlwaysOnTheAmountWhoeverPaysIt() {
        for (FeePayer feePayer : FeePayer.values()) {
            assertThat(seedRate.breakdown(brl("104.00"), brl("4.00"), feePayer).processingFee())
                    .as(feePayer.wireName()).isEqualTo(brl("3.12"));
        }
    }

    @Test
    void halfCentsRoundToEvenSoNeitherSideGainsOverManyCharges() {
        FeeCalculator rate = new FeeCalculator(ProcessingFeeRate.percent("2.5"));
        // 2.5% of 1.00 is 2.5 cents -> 2 (even); of 1.40 is 3.5 cents -> 4 (even); of 1.01 is 2.525 -> 3
        assertThat(rate.breakdown(brl("1.00"), brl("0"), FeePayer.PAYEE).processingFee()).isEqualTo(brl("0.02"));
        assertThat(rate.breakdown(brl("1.40"), brl("0"), FeePayer.PAYEE).processingFee()).isEqualTo(brl("0.04"));
        assertThat(rate.breakdown(brl("1.01"), brl("0"), FeePayer.PAYEE).processingFee()).isEqualTo(brl("0.03"));
    }

    @Test
    void thePayersMoneyIsAlwaysSplitWhole() {
        Random random = new Random(3L);
        for (int n = 0; n < 10_000; n++) {
            long amountCents = 1 + random.nextInt(100_000_000);
            long appFeeCents = random.nextInt((int) Math.min(amountCents, Integer.MAX_VALUE) / 2 + 1);
            FeePayer feePayer = FeePayer.values()[random.nextInt(4)];
            FeeCalculator calculator = new FeeCalculator(new ProcessingFeeRate(BigDecimal.valueOf(random.nextInt(500), 4)));
            FeeBreakdown fees = calculator.breakdown(Money.of(amountCents, "BRL"), Money.of(appFeeCents, "BRL"), feePayer);
            assertThat(fees.merchantNets().plus(fees.appNets()).plus(fees.processorReceives()))
                    .as("%s", fees).isEqualTo(fees.payerPays());
        }
    }

    @Test
    void theAppCanNetLessThanNothingWhenItsFeeIsBelowTheProcessingFee() {
        FeeBreakdown fees = seedRate.breakdown(brl("100.00"), brl("1.00"), FeePayer.PAYEE_FROM_APP);
        assertThat(fees.appNets()).isEqualTo(brl("-2.00"));
        assertThat(fees.merchantNets()).isEqualTo(brl("99.00"));
    }

    @Test
    void badAmountsAreRefused() {
        assertThatThrownBy(() -> seedRate.breakdown(brl("0"), brl("0"), FeePayer.PAYEE))
                .hasMessageContaining("amount must be positive");
        assertThatThrownBy(() -> seedRate.breakdown(brl("-1.00"), brl("0"), FeePayer.PAYEE))
                .hasMessageContaining("amount must be positive");
        assertThatThrownBy(() -> seedRate.breakdown(brl("10.00"), brl("-0.01"), FeePayer.PAYEE))
                .hasMessageContaining("app_fee must not be negative");
        assertThatThrownBy(() -> seedRate.breakdown(brl("10.00"), brl("10.01"), FeePayer.PAYEE_FROM_APP))
                .hasMessageContaining("app_fee 10.01 BRL is above the amount 10.00 BRL");
        assertThatThrownBy(() -> seedRate.breakdown(brl("10.00"), Money.of(100, "USD"), FeePayer.PAYEE))
                .hasMessageContaining("one currency");
        assertThatThrownBy(() -> seedRate.breakdown(brl("10.00"), brl("9.80"), FeePayer.PAYEE))
                .hasMessageContaining("the merchant would net -0.10 BRL");
    }

    @Test
    void amountsThatOverflowWhenFeesAreAddedAreRefused() {
        Money huge = Money.of(Long.MAX_VALUE - 10, "BRL");
        assertThatThrownBy(() -> seedRate.breakdown(huge, Money.of(1_000, "BRL"), FeePayer.PAYER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> seedRate.breakdown(huge, Money.of(1_000, "BRL"), FeePayer.PAYER_FROM_APP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    }

    private static Money brl(String decimal) {
        return Money.parse(decimal, "BRL");
    }
}
