-- Refunds get their own permission, charges:refund (CHARGES_REFUND), instead of riding on charges:create
-- (issue #12). An API user that could refund until now (it has charges:create) keeps that ability: it is
-- given charges:refund, like every other permission only where the company has the product that allows
-- it (PAYIN). API users created from now on get it only when a Moderator grants it.
UPDATE membership m
SET permissions = array_append(m.permissions, 'CHARGES_REFUND')
FROM company c
WHERE c.id = m.company_id
  AND 'PAYIN' = ANY (c.products)
  AND 'CHARGES_CREATE' = ANY (m.permissions)
  AND NOT ('CHARGES_REFUND' = ANY (m.permissions));
