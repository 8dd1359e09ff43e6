-- The rows one Troco charge writes, in tables shaped like the services' (bench/pgbench/charge.sql writes them).
-- A scratch database on Troco's own PostgreSQL, so the baseline has the same server and durability settings.
DROP TABLE IF EXISTS b_rate_limit, b_idempotency, b_outbox, b_inbox, b_charge, b_history, b_event, b_snapshot,
    b_delivery, b_attempt;
CREATE TABLE b_rate_limit (bucket TEXT PRIMARY KEY, tat_us BIGINT NOT NULL);
CREATE TABLE b_idempotency (key TEXT PRIMARY KEY, request_hash TEXT, resource_id TEXT, state TEXT,
    response_status INT, response_body TEXT, locked_until TIMESTAMPTZ, expires_at TIMESTAMPTZ);
CREATE TABLE b_outbox (position BIGSERIAL PRIMARY KEY, id UUID NOT NULL UNIQUE, topic TEXT, aggregate_id TEXT,
    payload BYTEA, created_at TIMESTAMPTZ);
CREATE TABLE b_inbox (consumer TEXT, message_id TEXT, handled_at TIMESTAMPTZ, PRIMARY KEY (consumer, message_id));
CREATE TABLE b_charge (id TEXT PRIMARY KEY, merchant_id TEXT, status TEXT, amount_cents BIGINT, br_code TEXT,
    paid_amount_cents BIGINT, paid_at TIMESTAMPTZ, version BIGINT, created_at TIMESTAMPTZ);
CREATE TABLE b_history (charge_id TEXT, version BIGINT, status TEXT, changed_at TIMESTAMPTZ,
    PRIMARY KEY (charge_id, version));
CREATE TABLE b_event (id UUID PRIMARY KEY, company_id TEXT, type TEXT, aggregate_id TEXT, payload TEXT,
    created_at TIMESTAMPTZ);
CREATE TABLE b_snapshot (charge_id TEXT PRIMARY KEY, payload TEXT, version BIGINT);
CREATE TABLE b_delivery (id BIGSERIAL PRIMARY KEY, event_id UUID, state TEXT, attempts INT, due_at TIMESTAMPTZ,
    claimed_until TIMESTAMPTZ);
CREATE TABLE b_attempt (delivery_id BIGINT, attempted_at TIMESTAMPTZ, status INT, latency_ms INT, body TEXT);
INSERT INTO b_rate_limit SELECT 'key-' || g, 0 FROM generate_series(1, 64) g;
INSERT INTO b_rate_limit SELECT 'company-' || g, 0 FROM generate_series(1, 64) g;
