-- Card charges: the token the gateway made of the card on receipt, and what may be shown of it.
-- Never the number or the CVC: they do not leave the gateway.
ALTER TABLE charge ADD COLUMN card_token TEXT;
ALTER TABLE charge ADD COLUMN card_brand TEXT;
ALTER TABLE charge ADD COLUMN card_last4 TEXT CHECK (card_last4 ~ '^[0-9]{4}$');
ALTER TABLE charge ADD COLUMN card_exp_month INT CHECK (card_exp_month BETWEEN 1 AND 12);
ALTER TABLE charge ADD COLUMN card_exp_year INT;
ALTER TABLE charge ADD COLUMN card_holder_name TEXT;
