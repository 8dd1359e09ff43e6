-- How the payer pays (the PIX BR Code or the boleto's digits) and who pays what (seed 002 fees),
-- fixed when the charge is created.
CREATE SEQUENCE charge_our_number_seq START WITH 10000;

ALTER TABLE charge ADD COLUMN our_number BIGINT UNIQUE;
ALTER TABLE charge ADD COLUMN payment_key TEXT UNIQUE;
ALTER TABLE charge ADD COLUMN pix_txid TEXT;
ALTER TABLE charge ADD COLUMN pix_copy_paste TEXT;
ALTER TABLE charge ADD COLUMN boleto_barcode TEXT;
ALTER TABLE charge ADD COLUMN boleto_digitable_line TEXT;
ALTER TABLE charge ADD COLUMN processing_fee_cents BIGINT CHECK (processing_fee_cents >= 0);
ALTER TABLE charge ADD COLUMN payer_pays_cents BIGINT CHECK (payer_pays_cents > 0);
ALTER TABLE charge ADD COLUMN merchant_nets_cents BIGINT;
