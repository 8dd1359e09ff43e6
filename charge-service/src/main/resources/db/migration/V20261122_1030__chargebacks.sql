-- A paid charge disputed by the payer with the issuer (seed 003's chargebacks): at most one dispute
-- per charge, open until resolved in favor of the client (payer) or of the merchant.
ALTER TABLE charge ADD COLUMN chargeback_id TEXT;
ALTER TABLE charge ADD COLUMN chargeback_status TEXT
    CHECK (chargeback_status IN ('OPEN', 'RESOLVED_FOR_CLIENT', 'RESOLVED_FOR_MERCHANT'));
ALTER TABLE charge ADD COLUMN chargeback_amount_cents BIGINT CHECK (chargeback_amount_cents > 0);
ALTER TABLE charge ADD COLUMN chargeback_reason TEXT;
