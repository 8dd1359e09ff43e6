-- An endpoint that answers 2xx again after failing gets its backlog promptly: its deliveries waiting for a
-- retry are made due at once (Deliveries.bringForward), not left to a schedule that may wait 30 minutes or
-- 2 hours more. Claims and leases stay as they were, so each is still sent by one replica at a time.
--
-- leased_until: set while an attempt is in flight (the claim's lease), cleared when its outcome is recorded.
--   A delivery in flight is never brought forward: it would be claimed and sent a second time meanwhile.
-- forwarded_from: when the delivery was due before it was brought forward, while that extra attempt is pending
--   or in flight; if the extra attempt fails the delivery goes back to that time, and its place in the schedule
--   (failures_in_row) does not move: an event the receiver refuses on its own keeps the published schedule.
-- forwarded_at_failures: the failures_in_row at which it was last brought forward. Once per schedule step: a
--   refused event gets at most one extra attempt per step, however often the endpoint recovers meanwhile.
ALTER TABLE webhook_delivery
    ADD COLUMN leased_until           TIMESTAMPTZ,
    ADD COLUMN forwarded_from         TIMESTAMPTZ,
    ADD COLUMN forwarded_at_failures  INT;

-- The deliveries of an endpoint waiting for a retry: what a recovery looks through (the endpoint's delivered
-- ones, most of its rows, are not in it).
CREATE INDEX webhook_delivery_retrying ON webhook_delivery (endpoint_id)
    WHERE status = 'PENDING' AND failures_in_row > 0;
