-- Access control: companies (merchants), people and API users, roles, permissions, API keys,
-- their allowed IPs, sessions, and the audit log of every change.

CREATE TABLE company (
    id              TEXT         PRIMARY KEY,              -- cmp_...
    name            TEXT         NOT NULL,
    products        TEXT[]       NOT NULL,                 -- what it purchased: PAYIN, PAYOUT, KYC, ...
    created_at      TIMESTAMPTZ  NOT NULL
);

-- A person who logs in, or an API user (kind = 'API') that never can.
CREATE TABLE app_user (
    id                      TEXT         PRIMARY KEY,      -- usr_...
    kind                    TEXT         NOT NULL CHECK (kind IN ('HUMAN', 'API')),
    email                   TEXT         NOT NULL,
    name                    TEXT         NOT NULL,
    password_hash           TEXT,                          -- Argon2id, PHC string; NULL until activated, always for API users
    totp_secret_encrypted   BYTEA,                         -- AES-GCM; NULL until activated
    totp_last_step          BIGINT       NOT NULL DEFAULT 0, -- last accepted TOTP time step: a code is used once
    invitation_hash         TEXT,                          -- SHA-256 of the one-time activation token
    invitation_expires_at   TIMESTAMPTZ,
    created_at              TIMESTAMPTZ  NOT NULL,
    created_by              TEXT
);
CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));

-- A user's place in a company: a role for people, granted permissions for API users.
CREATE TABLE membership (
    user_id         TEXT         NOT NULL REFERENCES app_user (id),
    company_id      TEXT         NOT NULL REFERENCES company (id),
    role            TEXT         CHECK (role IN ('MODERATOR', 'WRITE', 'VIEW')),
    permissions     TEXT[]       NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (user_id, company_id)
);
CREATE INDEX membership_company ON membership (company_id);

CREATE TABLE user_session (
    token_hash      TEXT         PRIMARY KEY,              -- SHA-256 of the bearer token
    user_id         TEXT         NOT NULL REFERENCES app_user (id),
    created_at      TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    ip              TEXT         NOT NULL
);

CREATE TABLE api_key (
    id              TEXT         PRIMARY KEY,              -- key_...
    user_id         TEXT         NOT NULL REFERENCES app_user (id),
    company_id      TEXT         NOT NULL REFERENCES company (id),
    environment     TEXT         NOT NULL CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    secret_hash     TEXT         NOT NULL UNIQUE,          -- HMAC-SHA256 of the whole key with a server pepper
    prefix          TEXT         NOT NULL,                 -- shown in listings, e.g. trk_test_
    last_chars      TEXT         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    created_by      TEXT         NOT NULL,
    last_used_at    TIMESTAMPTZ,
    expires_at      TIMESTAMPTZ,                           -- set when rotated away: works until then
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX api_key_user ON api_key (user_id);

CREATE TABLE api_key_allowed_ip (
    key_id          TEXT         NOT NULL REFERENCES api_key (id),
    cidr            TEXT         NOT NULL,                 -- normalized: 203.0.113.7/32, 2001:db8::/48
    created_at      TIMESTAMPTZ  NOT NULL,
    created_by      TEXT         NOT NULL,
    PRIMARY KEY (key_id, cidr)
);

CREATE TABLE audit_log (
    id              TEXT         PRIMARY KEY,              -- aud_..., time-ordered
    company_id      TEXT,
    actor_id        TEXT,                                  -- user, or 'platform-admin'
    action          TEXT         NOT NULL,
    target_id       TEXT,
    ip              TEXT         NOT NULL,
    with_2fa        BOOLEAN      NOT NULL,
    details         JSONB        NOT NULL DEFAULT '{}',    -- never secrets
    at              TIMESTAMPTZ  NOT NULL
);
CREATE INDEX audit_log_company_at ON audit_log (company_id, id DESC);
