-- notification-service: events as merchants read them, webhook endpoints, deliveries and their attempts.

-- Every event received. id is the producer's eventId (UUIDv7, public form evt_...), also the
-- webhook-id of its deliveries. data is the JSON payload merchants receive: json, not jsonb, so its
-- bytes and field order are exactly what is signed and sent.
CREATE TABLE event (
    id                 UUID         PRIMARY KEY,
    type               TEXT         NOT NULL,   -- public type, e.g. charge.paid
    company_id         TEXT         NOT NULL,   -- the event's merchantId
    environment        TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    aggregate_type     TEXT         NOT NULL,
    aggregate_id       TEXT         NOT NULL,
    aggregate_version  BIGINT       NOT NULL,
    occurred_at        TIMESTAMPTZ  NOT NULL,
    received_at        TIMESTAMPTZ  NOT NULL,
    data               JSON         NOT NULL
);

-- The events API: a company's events in one environment, newest first.
CREATE INDEX event_listing ON event (company_id, environment, occurred_at DESC, id DESC);

-- A charge as its events so far describe it: seed 004 payloads repeat fields (buyer, customNumber,
-- callbackUrl) that only the first event carries. callback_url is the charge's own webhook target.
CREATE TABLE charge_snapshot (
    charge_id     TEXT    PRIMARY KEY,
    company_id    TEXT    NOT NULL,
    environment   TEXT    NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    version       BIGINT  NOT NULL,
    callback_url  TEXT,
    snapshot      JSONB   NOT NULL
);

-- Webhook endpoints registered by a company, per environment. Secrets are AES-256-GCM sealed
-- (troco.notification.encryption-key), bound to the endpoint id. During a rotation the previous
-- secret keeps signing until previous_secret_expires_at. event_types NULL: every type.
-- failing_since: start of the current run of failed attempts, NULL while healthy.
CREATE TABLE webhook_endpoint (
    id                          TEXT         PRIMARY KEY,   -- whe_...
    company_id                  TEXT         NOT NULL,
    environment                 TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    url                         TEXT         NOT NULL,
    description                 TEXT,
    event_types                 TEXT[],
    secret                      BYTEA        NOT NULL,
    previous_secret             BYTEA,
    previous_secret_expires_at  TIMESTAMPTZ,
    enabled                     BOOLEAN      NOT NULL,
    disabled_reason             TEXT,
    disabled_at                 TIMESTAMPTZ,
    failing_since               TIMESTAMPTZ,
    created_at                  TIMESTAMPTZ  NOT NULL,
    updated_at                  TIMESTAMPTZ  NOT NULL,
    CHECK (enabled OR disabled_reason IS NOT NULL)
);

CREATE INDEX webhook_endpoint_company ON webhook_endpoint (company_id, environment);

-- The secret that signs deliveries to charges' own callback URLs, one per company and environment.
CREATE TABLE callback_secret (
    company_id   TEXT         NOT NULL,
    environment  TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    secret       BYTEA        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (company_id, environment)
);

-- One event to one target: a registered endpoint, or the charge's callback URL. message_id is the
-- webhook-id of every attempt. failures_in_row is the position in the retry schedule (reset by a
-- redelivery); next_attempt_at is also the lease of a claimed delivery. concurrency_key groups the
-- deliveries that share a per-target concurrency limit (one endpoint, or one callback host).
CREATE TABLE webhook_delivery (
    id                TEXT         PRIMARY KEY,   -- whd_...
    event_id          UUID         NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    endpoint_id       TEXT         REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    callback_url      TEXT,
    concurrency_key   TEXT         NOT NULL,
    message_id        TEXT         NOT NULL,
    status            TEXT         NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempt_count     INT          NOT NULL,
    failures_in_row   INT          NOT NULL,
    next_attempt_at   TIMESTAMPTZ,
    last_attempt_at   TIMESTAMPTZ,
    last_status_code  INT,
    delivered_at      TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL,
    CHECK ((endpoint_id IS NULL) <> (callback_url IS NULL)),
    CHECK (status <> 'PENDING' OR next_attempt_at IS NOT NULL)
);

CREATE UNIQUE INDEX webhook_delivery_per_endpoint ON webhook_delivery (event_id, endpoint_id) WHERE endpoint_id IS NOT NULL;
CREATE UNIQUE INDEX webhook_delivery_per_callback ON webhook_delivery (event_id) WHERE callback_url IS NOT NULL;
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id);

-- The delivery log: every attempt, never changed afterwards. response_body: the first 1 KB.
CREATE TABLE webhook_attempt (
    id              BIGSERIAL    PRIMARY KEY,
    delivery_id     TEXT         NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt_number  INT          NOT NULL,
    attempted_at    TIMESTAMPTZ  NOT NULL,
    url             TEXT         NOT NULL,
    status_code     INT,
    latency_ms      BIGINT       NOT NULL,
    response_body   TEXT,
    error           TEXT
);

CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_id, attempt_number);
