-- Seed 003's hosted checkout. A company's checkout credentials: the public_key merchants put in the
-- body of POST /payment/initiate (public by nature: it only lets a caller start a payment to this
-- company). The matching secret_key, which signs IPNs, lives sealed in the notification-service,
-- which signs with it; the gateway never stores it.
CREATE TABLE checkout_credential (
    id              TEXT         PRIMARY KEY,              -- ckc_...
    company_id      TEXT         NOT NULL REFERENCES company (id),
    environment     TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    public_key      TEXT         NOT NULL UNIQUE,          -- pk_test_... / pk_live_...
    created_at      TIMESTAMPTZ  NOT NULL,
    created_by      TEXT         NOT NULL,
    revoked_at      TIMESTAMPTZ
);
-- one live credential per company and environment: a new one replaces the old
CREATE UNIQUE INDEX checkout_credential_live ON checkout_credential (company_id, environment) WHERE revoked_at IS NULL;

-- One payment started by POST /payment/initiate: the merchant's identifier is unique per company and
-- environment (a repeat returns this same payment), and page_key is the capability in redirect_url.
CREATE TABLE checkout_session (
    id              TEXT         PRIMARY KEY,              -- chk_... (the IPN's trx)
    company_id      TEXT         NOT NULL REFERENCES company (id),
    environment     TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    identifier      TEXT         NOT NULL,
    charge_id       TEXT         NOT NULL UNIQUE,
    page_key        TEXT         NOT NULL UNIQUE,
    amount_cents    BIGINT       NOT NULL CHECK (amount_cents > 0),
    currency        TEXT         NOT NULL,
    details         TEXT         NOT NULL,
    site_name       TEXT         NOT NULL,
    site_logo       TEXT,
    success_url     TEXT         NOT NULL,
    cancel_url      TEXT         NOT NULL,
    ipn_url         TEXT         NOT NULL,
    customer        TEXT         NOT NULL,                 -- JSON as received (validated)
    billing_info    TEXT,                                  -- JSON
    shipping_info   TEXT,                                  -- JSON
    created_at      TIMESTAMPTZ  NOT NULL,
    UNIQUE (company_id, environment, identifier)
);
