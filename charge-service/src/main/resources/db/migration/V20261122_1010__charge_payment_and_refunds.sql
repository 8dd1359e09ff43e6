-- What the payer paid, what was refunded, and why a charge was rejected.
ALTER TABLE charge ADD COLUMN paid_amount_cents BIGINT CHECK (paid_amount_cents > 0);
ALTER TABLE charge ADD COLUMN paid_at TIMESTAMPTZ;
ALTER TABLE charge ADD COLUMN refunded_cents BIGINT NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0);
ALTER TABLE charge ADD COLUMN reject_reason TEXT;
ALTER TABLE charge ADD CONSTRAINT charge_refunds_within_paid
    CHECK (refunded_cents <= COALESCE(paid_amount_cents, 0));

-- Expiry looks for unpaid charges past their date.
CREATE INDEX charge_created_expiring ON charge (expires_at) WHERE status = 'CREATED';

-- payinRefunds of seed 004: each refund of a charge. The id is chosen by the gateway (idempotent).
CREATE TABLE charge_refund (
    id              TEXT         PRIMARY KEY,             -- ref_...
    charge_id       TEXT         NOT NULL REFERENCES charge (id),
    amount_cents    BIGINT       NOT NULL CHECK (amount_cents > 0),
    reason          TEXT,
    created_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX charge_refund_charge ON charge_refund (charge_id, created_at);
