-- Issue 14: a charge's payin_substatus is no longer stored in its snapshot but named from the contract's table
-- (events' ChargeSubstatus) as the charge-service names it. The snapshot keeps what it is computed from: where the
-- dispute stands (chargeback: OPEN, RESOLVED_FOR_CLIENT, RESOLVED_FOR_MERCHANT) and, for a declined charge, its
-- reason code (rejectReason), which the old substatus held.
UPDATE charge_snapshot
SET snapshot = (snapshot - 'substatus') || jsonb_build_object(
        'chargeback', CASE snapshot ->> 'substatus'
            WHEN 'chargeback_initiated' THEN 'OPEN'
            WHEN 'chargeback_in_favor_of_client' THEN 'RESOLVED_FOR_CLIENT'
            WHEN 'chargeback_in_favor_of_merchant' THEN 'RESOLVED_FOR_MERCHANT'
            WHEN 'chargeback_unknown' THEN 'OPEN'
        END,
        'rejectReason', CASE WHEN snapshot ->> 'status' = 'REJECTED' THEN snapshot ->> 'substatus' END)
WHERE snapshot ? 'substatus';
