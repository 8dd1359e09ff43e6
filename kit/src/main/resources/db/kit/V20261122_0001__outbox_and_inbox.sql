-- The kit's tables, migrated into every service's own database (DESIGN.md: outbox and inbox).

-- Events waiting to be published. A row is written in the same transaction as the state change
-- it announces and deleted once Kafka has acknowledged it (acks=all). position orders the rows:
-- rows of one aggregate are written by transactions that serialize on the aggregate's row, so
-- position order is their commit order.
CREATE TABLE outbox_message (
    position        BIGSERIAL    PRIMARY KEY,
    id              UUID         NOT NULL UNIQUE,   -- message id, sent as a header; consumers dedupe on it
    topic           TEXT         NOT NULL,
    aggregate_type  TEXT         NOT NULL,
    aggregate_id    TEXT         NOT NULL,          -- the Kafka record key
    message_type    TEXT         NOT NULL,
    payload         BYTEA        NOT NULL,          -- Avro single-object encoding
    traceparent     TEXT,
    tracestate      TEXT,
    created_at      TIMESTAMPTZ  NOT NULL
);

-- Messages this service has handled, one row per (consumer, message id), written in the same
-- transaction as the handler's effect: a redelivered message finds its row and changes nothing.
CREATE TABLE inbox_message (
    consumer        TEXT         NOT NULL,
    message_id      TEXT         NOT NULL,
    topic           TEXT         NOT NULL,
    kafka_partition INT          NOT NULL,
    kafka_offset    BIGINT       NOT NULL,
    handled_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (consumer, message_id)
);

CREATE INDEX inbox_message_handled_at ON inbox_message (handled_at);
