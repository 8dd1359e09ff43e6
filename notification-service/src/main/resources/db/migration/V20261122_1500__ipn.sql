-- Seed 003's IPN (Instant Payment Notification) for payments made through the hosted checkout.

-- The company's secret_key per environment: made here when a Moderator issues checkout credentials at
-- the gateway (which shows it once), sealed at rest (AES-GCM bound to the row), read back to sign.
CREATE TABLE ipn_secret (
    company_id      TEXT         NOT NULL,
    environment     TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    credential_id   TEXT         NOT NULL,                 -- the gateway's ckc_... this secret was issued with
    secret          BYTEA        NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (company_id, environment)
);

-- Charges made by the hosted checkout, learned from ChargeCreated: what their IPNs say and where they go.
CREATE TABLE ipn_checkout (
    charge_id               TEXT         PRIMARY KEY,
    company_id              TEXT         NOT NULL,
    environment             TEXT         NOT NULL,
    session_id              TEXT         NOT NULL,         -- the IPN's trx
    identifier              TEXT         NOT NULL,         -- signed in every IPN
    ipn_url                 TEXT         NOT NULL,
    currency                TEXT         NOT NULL,
    chargeback_amount_cents BIGINT,                        -- set when a chargeback opens; its resolution repeats it
    created_at              TIMESTAMPTZ  NOT NULL          -- when the payment was initiated (chargeback_initiated's timestamp)
);

-- One IPN to send: its data is fixed when the event arrives; timestamp and signature are made at each attempt.
CREATE TABLE ipn_delivery (
    id                  TEXT         PRIMARY KEY,          -- ipn_...
    event_id            UUID         NOT NULL UNIQUE,      -- the charge event it announces: one IPN per event
    charge_id           TEXT         NOT NULL REFERENCES ipn_checkout (charge_id),
    type                TEXT         NOT NULL CHECK (type IN ('checkout', 'chargeback_initiated', 'chargeback_resolved')),
    data                TEXT         NOT NULL,             -- JSON: seed 003's data of this type
    status              TEXT         NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts            INT          NOT NULL DEFAULT 0,
    next_attempt_at     TIMESTAMPTZ,
    last_status_code    INT,
    last_error          TEXT,
    created_at          TIMESTAMPTZ  NOT NULL,
    delivered_at        TIMESTAMPTZ
);
CREATE INDEX ipn_delivery_due ON ipn_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX ipn_delivery_charge ON ipn_delivery (charge_id);
