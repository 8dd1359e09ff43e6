-- notification-service: notification settings per event type, e-mail jobs, the dashboard feed, and
-- an index to prune old events.

-- What a company wants to hear of one event type in one environment: which channels fire and who
-- receives e-mail and dashboard notifications. No row: the defaults (webhook on, e-mail and
-- dashboard off), see NotificationPreferences.
CREATE TABLE notification_setting (
    company_id          TEXT         NOT NULL,
    environment         TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    event_type          TEXT         NOT NULL,   -- public type, e.g. charge.paid, document.requested
    webhook             BOOLEAN      NOT NULL,
    email               BOOLEAN      NOT NULL,
    dashboard           BOOLEAN      NOT NULL,
    email_recipients    TEXT[]       NOT NULL,
    dashboard_user_ids  TEXT[]       NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (company_id, environment, event_type)
);

-- One e-mail to one recipient, written in the transaction that records its cause (an event, an
-- endpoint disabled) and sent later by the scheduler, retried while SMTP fails. dedup_key makes a
-- cause enqueue each mail once. recipient NULL with audience MODERATORS: the company's Moderators,
-- looked up when it is sent and expanded into one job per address (status EXPANDED).
-- next_attempt_at is also the lease of a job being sent.
CREATE TABLE email_job (
    id               TEXT         PRIMARY KEY,   -- eml_...
    dedup_key        TEXT         NOT NULL UNIQUE,
    company_id       TEXT         NOT NULL,
    environment      TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    audience         TEXT         NOT NULL CHECK (audience IN ('RECIPIENT', 'MODERATORS')),
    recipient        TEXT,
    subject          TEXT         NOT NULL,
    text_body        TEXT         NOT NULL,
    html_body        TEXT         NOT NULL,
    status           TEXT         NOT NULL CHECK (status IN ('PENDING', 'SENT', 'EXPANDED', 'FAILED')),
    attempts         INT          NOT NULL,
    next_attempt_at  TIMESTAMPTZ,
    last_error       TEXT,
    created_at       TIMESTAMPTZ  NOT NULL,
    sent_at          TIMESTAMPTZ,
    CHECK ((audience = 'RECIPIENT') = (recipient IS NOT NULL)),
    CHECK (status <> 'PENDING' OR next_attempt_at IS NOT NULL)
);

CREATE INDEX email_job_due ON email_job (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX email_job_created ON email_job (created_at);

-- The dashboard feed: one row per notification per dashboard user. The text is kept with the row,
-- so the feed outlives the 30 days of the event table. Ids are time-ordered (ntf_ of a UUIDv7), so
-- "newer than" is "greater id"; a new row is announced to every replica with NOTIFY troco_dashboard.
CREATE TABLE dashboard_notification (
    id           TEXT         PRIMARY KEY,   -- ntf_...
    company_id   TEXT         NOT NULL,
    environment  TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    user_id      TEXT         NOT NULL,
    event_id     UUID         NOT NULL,
    event_type   TEXT         NOT NULL,
    title        TEXT         NOT NULL,
    body         TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    read_at      TIMESTAMPTZ,
    UNIQUE (user_id, company_id, event_id)
);

CREATE INDEX dashboard_notification_feed ON dashboard_notification (company_id, user_id, id DESC);
CREATE INDEX dashboard_notification_unread ON dashboard_notification (company_id, user_id) WHERE read_at IS NULL;

-- Pruning events older than the events API's 30 days, oldest first.
CREATE INDEX event_occurred_at ON event (occurred_at);
