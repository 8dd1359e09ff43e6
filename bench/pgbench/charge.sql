-- One Troco charge's commits, created, paid and notified, as the services make them (one pgbench
-- transaction = one charge). Each relay delete removes the row its own client wrote, as a relay deletes
-- the batch it published (not "the oldest row", which would make every client fight over one row). See bench/README.md for how this list was derived; run.py also measures
-- Troco's real commits per charge from pg_stat_database and prints both.
\set k random(1, 64)
\set amount random(100, 100000)
\set n random(1, 1000000000000)
-- gateway, POST /v1/charges: rate limits (key + company), idempotency claim + command to the outbox, completion
BEGIN;
UPDATE b_rate_limit SET tat_us = GREATEST(tat_us, 0) + 10000 WHERE bucket = 'key-' || :k;
UPDATE b_rate_limit SET tat_us = GREATEST(tat_us, 0) + 5000 WHERE bucket = 'company-' || :k;
COMMIT;
BEGIN;
INSERT INTO b_idempotency VALUES ('idem-' || :n || '-' || :client_id, md5(:n::text), 'chg_' || :n || '_' || :client_id,
    'IN_PROGRESS', NULL, NULL, now() + interval '30 seconds', now() + interval '1 day');
INSERT INTO b_outbox (id, topic, aggregate_id, payload, created_at) VALUES (gen_random_uuid(), 'troco.charge.commands',
    'chg_' || :n, decode(repeat('ab', 300), 'hex'), now());
COMMIT;
DELETE FROM b_outbox WHERE position = currval('b_outbox_position_seq');
-- charge-service: the command handled (inbox + charge + history + event to the outbox), the event published
BEGIN;
INSERT INTO b_inbox VALUES ('charge-commands', gen_random_uuid()::text, now());
INSERT INTO b_charge VALUES ('chg_' || :n || '_' || :client_id, 'cmp_' || :k, 'CREATED', :amount, repeat('0', 180),
    NULL, NULL, 1, now());
INSERT INTO b_history VALUES ('chg_' || :n || '_' || :client_id, 1, 'CREATED', now());
INSERT INTO b_outbox (id, topic, aggregate_id, payload, created_at) VALUES (gen_random_uuid(), 'troco.charge.events',
    'chg_' || :n, decode(repeat('cd', 500), 'hex'), now());
COMMIT;
DELETE FROM b_outbox WHERE position = currval('b_outbox_position_seq');
-- gateway: the answer stored with the idempotency record
UPDATE b_idempotency SET state = 'DONE', response_status = 201, response_body = repeat('x', 900)
    WHERE key = 'idem-' || :n || '-' || :client_id;
-- notification-service: charge.created stored (inbox + event + snapshot)
BEGIN;
INSERT INTO b_inbox VALUES ('notification-charges', gen_random_uuid()::text, now());
INSERT INTO b_event VALUES (gen_random_uuid(), 'cmp_' || :k, 'charge.created', 'chg_' || :n, repeat('e', 900), now());
INSERT INTO b_snapshot VALUES ('chg_' || :n || '_' || :client_id, repeat('s', 900), 1);
COMMIT;
-- gateway, POST /v1/charges/{id}/simulate: rate limits, command to the outbox, published
BEGIN;
UPDATE b_rate_limit SET tat_us = GREATEST(tat_us, 0) + 10000 WHERE bucket = 'key-' || :k;
UPDATE b_rate_limit SET tat_us = GREATEST(tat_us, 0) + 5000 WHERE bucket = 'company-' || :k;
COMMIT;
INSERT INTO b_outbox (id, topic, aggregate_id, payload, created_at) VALUES (gen_random_uuid(), 'troco.charge.commands',
    'chg_' || :n, decode(repeat('ab', 200), 'hex'), now());
DELETE FROM b_outbox WHERE position = currval('b_outbox_position_seq');
-- charge-service: paid (inbox + charge + history + event), published
BEGIN;
INSERT INTO b_inbox VALUES ('charge-commands', gen_random_uuid()::text, now());
UPDATE b_charge SET status = 'PAID', paid_amount_cents = :amount, paid_at = now(), version = 2
    WHERE id = 'chg_' || :n || '_' || :client_id;
INSERT INTO b_history VALUES ('chg_' || :n || '_' || :client_id, 2, 'PAID', now());
INSERT INTO b_outbox (id, topic, aggregate_id, payload, created_at) VALUES (gen_random_uuid(), 'troco.charge.events',
    'chg_' || :n, decode(repeat('cd', 500), 'hex'), now());
COMMIT;
DELETE FROM b_outbox WHERE position = currval('b_outbox_position_seq');
-- notification-service: charge.paid stored with its delivery, claimed, attempted, delivered
BEGIN;
INSERT INTO b_inbox VALUES ('notification-charges', gen_random_uuid()::text, now());
INSERT INTO b_event VALUES (gen_random_uuid(), 'cmp_' || :k, 'charge.paid', 'chg_' || :n, repeat('e', 1200), now());
UPDATE b_snapshot SET payload = repeat('p', 1200), version = 2 WHERE charge_id = 'chg_' || :n || '_' || :client_id;
INSERT INTO b_delivery (event_id, state, attempts, due_at) VALUES (gen_random_uuid(), 'PENDING', 0, now());
COMMIT;
UPDATE b_delivery SET claimed_until = now() + interval '30 seconds' WHERE id = currval('b_delivery_id_seq');
BEGIN;
INSERT INTO b_attempt VALUES (currval('b_delivery_id_seq'), now(), 204, 3, '');
UPDATE b_delivery SET state = 'DELIVERED', attempts = 1 WHERE id = currval('b_delivery_id_seq');
COMMIT;
