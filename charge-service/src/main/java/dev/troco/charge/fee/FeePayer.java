package dev.troco.charge.fee;

import java.util.Locale;

/**
 * Who bears the app fee and who bears the processing fee of a charge, the {@code fee_payer} of
 * seed 002. Four parties take part: the payer, the merchant (payee), the app (the platform that
 * created the charge and earns {@code app_fee}) and Troco, the processor, which earns the processing
 * fee. The processing fee is always the company's rate times {@code amount}, whoever pays it.
 *
 * <table>
 *   <caption>Who pays and who receives what</caption>
 *   <tr><th>fee_payer</th><th>payer pays</th><th>merchant nets</th><th>app nets</th></tr>
 *   <tr><td>payee_from_app</td><td>amount</td><td>amount - app_fee</td><td>app_fee - processing</td></tr>
 *   <tr><td>payer_from_app</td><td>amount + app_fee</td><td>amount</td><td>app_fee - processing</td></tr>
 *   <tr><td>payee</td><td>amount</td><td>amount - app_fee - processing</td><td>app_fee</td></tr>
 *   <tr><td>payer</td><td>amount + app_fee + processing</td><td>amount</td><td>app_fee</td></tr>
 * </table>
 *
 * In every row the payer's money is split whole: payer pays = merchant nets + app nets + processing.
 */
public enum FeePayer {
    /**
     * The default and the seed's choice: the merchant pays the app fee out of the amount, and the
     * app pays the processing fee out of its app fee. A platform's fee to merchants is then one
     * number it controls, whatever Troco's rate does.
     */
    PAYEE_FROM_APP(Party.MERCHANT, Party.APP),
    /** The payer pays the app fee on top of the amount; the app pays the processing fee from it. */
    PAYER_FROM_APP(Party.PAYER, Party.APP),
    /** The merchant pays both fees out of the amount. */
    PAYEE(Party.MERCHANT, Party.MERCHANT),
    /** The payer pays both fees on top of the amount, and the merchant receives the whole amount. */
    PAYER(Party.PAYER, Party.PAYER);

    /** A party that can bear a fee. */
    public enum Party {
        PAYER, MERCHANT, APP
    }

    private final Party appFeeFrom;
    private final Party processingFeeFrom;

    FeePayer(Party appFeeFrom, Party processingFeeFrom) {
        this.appFeeFrom = appFeeFrom;
        this.processingFeeFrom = processingFeeFrom;
    }

    /** Who bears the app fee: the payer (on top of the amount) or the merchant (out of it). */
    public Party appFeeFrom() {
        return appFeeFrom;
    }

    /** Who bears the processing fee: the payer, the merchant, or the app out of its app fee. */
    public Party processingFeeFrom() {
        return processingFeeFrom;
    }

    /** The name the API uses, e.g. {@code payee_from_app}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of an API's {@code fee_payer}; null means the default, {@link #PAYEE_FROM_APP}.
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    public static FeePayer fromWire(String text) {
        if (text == null) {
            return PAYEE_FROM_APP;
        }
        for (FeePayer payer : values()) {
            if (payer.wireName().equals(text)) {
                return payer;
            }
        }
        throw new IllegalArgumentException(
                "fee_payer must be one of payee_from_app, payer_from_app, payee, payer; was " + text);
    }
}
