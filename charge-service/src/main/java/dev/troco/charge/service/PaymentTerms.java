package dev.troco.charge.service;

import dev.troco.charge.boleto.BoletoBarcode;
import dev.troco.charge.config.ChargeSettings;
import dev.troco.charge.domain.Charge;
import dev.troco.charge.fee.FeeBreakdown;
import dev.troco.charge.fee.FeeCalculator;
import dev.troco.charge.fee.FeePayer;
import dev.troco.charge.fee.ProcessingFeeRate;
import dev.troco.charge.pix.BrCodeEncoder;
import dev.troco.charge.pix.PixTxid;
import dev.troco.kit.id.Ids;
import dev.troco.kit.money.Money;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.HexFormat;

/**
 * Fixes, when a charge is created, how the payer pays it and who pays what: the charge's own
 * number and payment-page key, the PIX BR Code ("copia e cola") or the boleto's barcode and linha
 * digitável, and seed 002's fee breakdown at the company's current processing rate
 * ({@link ProcessingFeeRates}), which the charge keeps.
 */
@ApplicationScoped
public class PaymentTerms {

    /** Brazil's payment rails date boletos in São Paulo time. */
    private static final ZoneId BRAZIL = ZoneId.of("America/Sao_Paulo");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChargeSettings settings;
    private final EntityManager entityManager;
    private final ProcessingFeeRates rates;

    PaymentTerms(ChargeSettings settings, EntityManager entityManager, ProcessingFeeRates rates) {
        this.settings = settings;
        this.entityManager = entityManager;
        this.rates = rates;
    }

    /**
     * Fills the charge's terms.
     *
     * @throws IllegalArgumentException when the charge cannot be issued as asked (e.g. fees above
     *         the amount with fee payer {@code payee}); the caller refuses the command
     */
    public void fill(Charge charge, String merchantName) {
        charge.ourNumber = ((Number) entityManager.createNativeQuery("SELECT nextval('charge_our_number_seq')")
                .getSingleResult()).longValue();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        charge.paymentKey = HexFormat.of().formatHex(key);
        switch (charge.method) {
            case "PIX" -> {
                charge.pixTxid = PixTxid.of(Ids.parse("chg", charge.id));
                charge.pixCopyPaste = BrCodeEncoder.dynamic(settings.pix().locationBase() + "/" + charge.pixTxid)
                        .merchant(merchantName == null || merchantName.isBlank() ? "TROCO" : merchantName,
                                settings.pix().merchantCity())
                        .amountCents(charge.amountCents)
                        .encode();
            }
            case "BOLETO" -> fillBoleto(charge);
            default -> {
                // cards have no payment instructions
            }
        }
        if (charge.checkoutSessionId != null && charge.method.equals("PIX") && charge.expiresAt != null) {
            // the hosted checkout page lets the payer choose: a PIX checkout charge also gets a boleto
            fillBoleto(charge);
        }
        ProcessingFeeRate rate = rates.current(charge.merchantId);
        FeeBreakdown fees = new FeeCalculator(rate).breakdown(
                Money.of(charge.amountCents, charge.currency), Money.of(charge.appFeeCents, charge.currency),
                FeePayer.valueOf(charge.feePayer));
        charge.processingFeeCents = fees.processingFee().minorUnits();
        charge.processingFeeRatePercent = rate.percent();
        charge.payerPaysCents = fees.payerPays().minorUnits();
        charge.merchantNetsCents = fees.merchantNets().minorUnits();
    }

    private void fillBoleto(Charge charge) {
        BoletoBarcode barcode = BoletoBarcode.of(settings.boleto().bankCode(),
                charge.expiresAt.atZone(BRAZIL).toLocalDate(), charge.amountCents,
                String.format("%025d", charge.ourNumber));
        charge.boletoBarcode = barcode.digits();
        charge.boletoDigitableLine = barcode.linhaDigitavel().digits();
    }
}
