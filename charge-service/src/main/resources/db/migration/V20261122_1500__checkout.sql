-- Charges made by seed 003's hosted checkout (POST /payment/initiate at the gateway): the gateway's
-- session, the merchant's identifier (unique per company and environment, enforced by the gateway)
-- and where the IPNs go. A checkout charge in BRL carries both a PIX BR Code and a boleto, since the
-- payer chooses on the page.
ALTER TABLE charge ADD COLUMN checkout_session_id TEXT;
ALTER TABLE charge ADD COLUMN checkout_identifier TEXT;
ALTER TABLE charge ADD COLUMN checkout_ipn_url TEXT;
