-- Rate limits shared by every gateway replica: one GCRA bucket per (limit, subject), holding its
-- theoretical arrival time in microseconds of the database's clock (one clock for all replicas).
CREATE TABLE rate_limit_bucket (
    bucket          TEXT         PRIMARY KEY,              -- e.g. key:key_..., company:cmp_...:SANDBOX
    tat_us          BIGINT       NOT NULL
);

-- Idempotency-Key records, per company and environment. The first request with a key claims it
-- (IN_PROGRESS) and stores its answer when done; later requests with the key are answered from here.
CREATE TABLE idempotency_record (
    company_id      TEXT         NOT NULL,
    environment     TEXT         NOT NULL,
    idempotency_key TEXT         NOT NULL,
    request_hash    TEXT         NOT NULL,                 -- SHA-256 of method, path and body
    resource_id     TEXT         NOT NULL,                 -- the id the request creates, fixed at claim time
    state           TEXT         NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE')),
    locked_until    TIMESTAMPTZ  NOT NULL,                 -- a crashed claimant's record can be taken over after this
    response_status INT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (company_id, environment, idempotency_key)
);
CREATE INDEX idempotency_record_expires ON idempotency_record (expires_at);
