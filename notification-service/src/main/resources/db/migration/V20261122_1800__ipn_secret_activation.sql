-- A checkout credential's secret_key is made here (PUT from the gateway) before the gateway commits the
-- credential, so it starts PENDING and signs nothing. The gateway's ActivateIpnSecret, written to its
-- outbox in the credential's own transaction, activates it. One row per credential now: the company's
-- current secret in an environment is its newest active one (by issue time), so an activation that
-- arrives late never takes over from a newer credential.
ALTER TABLE ipn_secret DROP CONSTRAINT ipn_secret_pkey;
ALTER TABLE ipn_secret ADD PRIMARY KEY (credential_id);
ALTER TABLE ipn_secret ADD COLUMN activated_at TIMESTAMPTZ;   -- NULL while pending

-- Secrets issued before activation existed were in use at once: they stay in use.
UPDATE ipn_secret SET activated_at = created_at;

CREATE INDEX ipn_secret_current ON ipn_secret (company_id, environment, created_at DESC, credential_id DESC)
    WHERE activated_at IS NOT NULL;
CREATE INDEX ipn_secret_pending ON ipn_secret (created_at) WHERE activated_at IS NULL;
