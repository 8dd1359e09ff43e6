-- A payment that arrived after the charge's due date, when it had already expired (a boleto or PIX
-- the payer's bank accepted late). The money is Troco's to account for, so the charge becomes Paid
-- and says so.
ALTER TABLE charge ADD COLUMN paid_late boolean NOT NULL DEFAULT false;
