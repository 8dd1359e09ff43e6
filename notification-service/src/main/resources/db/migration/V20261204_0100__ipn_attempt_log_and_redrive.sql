-- IPNs a merchant can see and send again (issue 13): the IPNs API lists a company's IPNs, shows one with the log of
-- its attempts, and redrives one now. What webhook deliveries already had, IPNs get the same way.
--
-- company_id, environment: the checkout's, copied so that a company's IPNs are listed newest first from an index.
-- failures_in_row: the position in the retry schedule, apart from attempts (every attempt ever made). A redrive
--   starts the schedule again (0), as a webhook redelivery does, so a redriven IPN that fails is retried, not given
--   up after one more try.
-- leased_until: set while an attempt is in flight (the claim's lease), cleared when its outcome is recorded. A
--   redrive leaves an IPN in flight alone: it is being sent right now, and sending it again meanwhile would send it
--   twice.
-- last_attempt_at: when the last attempt was made.
ALTER TABLE ipn_delivery
    ADD COLUMN company_id       TEXT,
    ADD COLUMN environment      TEXT,
    ADD COLUMN failures_in_row  INT NOT NULL DEFAULT 0,
    ADD COLUMN leased_until     TIMESTAMPTZ,
    ADD COLUMN last_attempt_at  TIMESTAMPTZ;

UPDATE ipn_delivery d
   SET company_id = c.company_id, environment = c.environment,
       failures_in_row = CASE WHEN d.status = 'DELIVERED' THEN 0 ELSE d.attempts END
  FROM ipn_checkout c WHERE c.charge_id = d.charge_id;

ALTER TABLE ipn_delivery
    ALTER COLUMN company_id SET NOT NULL,
    ALTER COLUMN environment SET NOT NULL,
    ADD CHECK (environment IN ('SANDBOX', 'PRODUCTION'));

-- The IPNs API: a company's IPNs in one environment, newest first.
CREATE INDEX ipn_delivery_listing ON ipn_delivery (company_id, environment, created_at DESC, id DESC);
-- Finding a checkout's IPNs by the merchant's own identifier.
CREATE INDEX ipn_checkout_identifier ON ipn_checkout (company_id, environment, identifier);

-- The IPN delivery log: every attempt, never changed afterwards; the columns of webhook_attempt (DeliveryAttempts
-- writes both). response_body: the first 1 KB.
CREATE TABLE ipn_attempt (
    id              BIGSERIAL    PRIMARY KEY,
    delivery_id     TEXT         NOT NULL REFERENCES ipn_delivery (id) ON DELETE CASCADE,
    attempt_number  INT          NOT NULL,
    attempted_at    TIMESTAMPTZ  NOT NULL,
    url             TEXT         NOT NULL,
    status_code     INT,
    latency_ms      BIGINT       NOT NULL,
    response_body   TEXT,
    error           TEXT
);

CREATE INDEX ipn_attempt_delivery ON ipn_attempt (delivery_id, attempt_number);
