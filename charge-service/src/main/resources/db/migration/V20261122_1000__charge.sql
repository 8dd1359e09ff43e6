-- Payin charges. One row per charge, its version bumped by every state change; the outbox event
-- of a change carries the same version.
CREATE TABLE charge (
    id              TEXT         PRIMARY KEY,            -- chg_...
    merchant_id     TEXT         NOT NULL,
    environment     TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    method          TEXT         NOT NULL,
    status          TEXT         NOT NULL,
    amount_cents    BIGINT       NOT NULL CHECK (amount_cents > 0),
    currency        CHAR(3)      NOT NULL,
    custom_number   TEXT,
    description     TEXT,
    callback_url    TEXT,
    expires_at      TIMESTAMPTZ,
    buyer_name      TEXT,
    buyer_document  TEXT,
    buyer_email     TEXT,
    app_fee_cents   BIGINT       NOT NULL DEFAULT 0 CHECK (app_fee_cents >= 0 AND app_fee_cents <= amount_cents),
    fee_payer       TEXT         NOT NULL,
    cancel_reason   TEXT,
    version         BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

CREATE INDEX charge_merchant_created ON charge (merchant_id, environment, created_at DESC);

-- statusHistory of seed 004: one row per status a charge entered, in version order.
CREATE TABLE charge_status_history (
    charge_id       TEXT         NOT NULL REFERENCES charge (id),
    version         BIGINT       NOT NULL,
    status          TEXT         NOT NULL,
    changed_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (charge_id, version)
);
