-- Finding M8: an address a company names in its notification settings receives nothing from Troco until
-- the person behind it confirms, by opening the link Troco mails it once (the token is kept only as its
-- SHA-256). The confirmation is per company: it is consent to this company's notifications, in both
-- environments. Addresses already in settings before this migration have no row: they are asked when
-- their next notification would go out, and get nothing before they confirm.
CREATE TABLE email_recipient (
    company_id    TEXT         NOT NULL,
    address       TEXT         NOT NULL,   -- lowercase, as settings store it
    token_hash    BYTEA,                   -- SHA-256 of the pending confirmation token; null once confirmed
    requested_at  TIMESTAMPTZ  NOT NULL,   -- when the current token was mailed
    confirmed_at  TIMESTAMPTZ,
    PRIMARY KEY (company_id, address),
    CHECK ((confirmed_at IS NULL) = (token_hash IS NOT NULL))
);

CREATE UNIQUE INDEX email_recipient_token ON email_recipient (token_hash) WHERE token_hash IS NOT NULL;
-- How many confirmations a company asked for recently (a daily cap keeps Troco from mailing strangers in bulk).
CREATE INDEX email_recipient_requested ON email_recipient (company_id, requested_at);
