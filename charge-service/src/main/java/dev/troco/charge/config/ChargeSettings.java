package dev.troco.charge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The charge-service's settings. */
@ConfigMapping(prefix = "troco.charge")
public interface ChargeSettings {

    /** How often unpaid charges past their date are looked for (read by ChargeExpiry's schedule). */
    @WithDefault("10s")
    java.time.Duration expiryInterval();

    Pix pix();

    Boleto boleto();

    Fees fees();

    interface Pix {
        /** Where the PSP serves a charge's payload, without scheme; the txid is appended. */
        @WithDefault("pix.troco.dev/qr/v2/cob")
        String locationBase();

        /** Field 60 of the BR Code (at most 15 characters). */
        @WithDefault("SAO PAULO")
        String merchantCity();
    }

    interface Boleto {
        /** The issuing bank's FEBRABAN code. 999 marks sandbox boletos that no bank will accept. */
        @WithDefault("999")
        String bankCode();

        /** The bank's name printed on the slip. */
        @WithDefault("Troco Sandbox (not payable)")
        String bankName();

        /**
         * The beneficiary printed on the slip: Troco, the payment institution that collects for its merchants
         * (the merchant's name goes in the instructions). Production sets Troco's legal name, CNPJ and address.
         */
        @WithDefault("Troco Pagamentos (sandbox)")
        String beneficiaryName();

        /** A CNPJ; the default is the well-known example number, valid check digits and nobody's. */
        @WithDefault("11.222.333/0001-81")
        String beneficiaryDocument();

        @WithDefault("Av. Paulista, 1000 - Sao Paulo/SP - 01310-100")
        String beneficiaryAddress();
    }

    interface Fees {
        /**
         * Troco's processing fee in percent of the amount, for companies without a rate of their own
         * (the operator sets those through the admin API; they live in {@code company_fee_rate}).
         */
        @WithDefault("2.99")
        String defaultRatePercent();
    }
}
