-- Claiming due webhooks stays cheap with a large backlog (issue 12: a receiver back from a 10-minute outage has
-- ~12,000 deliveries due at once). The claim used to number every due row of the environment, joined to its
-- event, at every claim: ~0.7 s each with 13,000 due on the bench machine, so the backlog drained at ~8 a second
-- and fresh events queued behind it. Now it walks the (company, target) pairs with pending deliveries on an index
-- and takes only the oldest few due of each, so a claim costs the number of targets, not the size of the backlog.
-- company_id and environment are the event's, copied so that the index can hold them.
ALTER TABLE webhook_delivery
    ADD COLUMN company_id   TEXT,
    ADD COLUMN environment  TEXT;

UPDATE webhook_delivery d SET company_id = e.company_id, environment = e.environment FROM event e WHERE e.id = d.event_id;

ALTER TABLE webhook_delivery
    ALTER COLUMN company_id SET NOT NULL,
    ALTER COLUMN environment SET NOT NULL,
    ADD CHECK (environment IN ('SANDBOX', 'PRODUCTION'));

CREATE INDEX webhook_delivery_due_per_target
    ON webhook_delivery (environment, company_id, concurrency_key, next_attempt_at, id) WHERE status = 'PENDING';
