-- Accounts, sessions and tokens; the audit log of every figure changed, and
-- the answers of idempotent API batches (issue 10).

-- A person or a program, with one role scoped to one unit (core/src/accounts.rs).
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,             -- argon2id PHC string; never a password
    role          TEXT NOT NULL CHECK (role IN ('ministry', 'commander', 'reporter', 'public-affairs', 'admin')),
    unit_code     TEXT NOT NULL REFERENCES units (code),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT NOT NULL              -- RFC 3339
);

-- API tokens act as their account. Only a SHA-256 of the token is kept:
-- it is shown once, when issued.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    hash       TEXT NOT NULL UNIQUE,         -- hex SHA-256 of the token
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT                          -- set when revoked
);

-- Signed-in sessions (tower-sessions records as JSON), shared by every server.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL               -- Unix seconds
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed sign-ins per account and per address, to slow down and then
-- refuse guessing (core::accounts::throttle).
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,                       -- 'account:NAME' or 'address:IP'
    at  BIGINT NOT NULL                      -- Unix seconds
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);

-- Every figure a report changed: who, when, through which channel, the
-- old value (NULL for a day's first figure) and the new one.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    unit_code   TEXT NOT NULL,
    stage       TEXT NOT NULL,
    day         DATE NOT NULL,
    old_count   BIGINT,
    new_count   BIGINT NOT NULL,
    account_id  INTEGER REFERENCES accounts (id),
    channel     TEXT NOT NULL,               -- form, file, api, cli
    at          TEXT NOT NULL                -- RFC 3339
);
CREATE INDEX audit_by_unit ON audit_log (campaign_id, unit_code, at);

-- The answer to an API batch sent with an Idempotency-Key: the same key
-- and body again get the same answer and change nothing.
CREATE TABLE idempotency_keys (
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    key        TEXT NOT NULL,
    request    TEXT NOT NULL,                -- hex SHA-256 of the body
    response   TEXT NOT NULL,                -- the JSON answered
    created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, key)
);

-- A file an account uploaded, read and checked, waiting for the account to
-- look at the preview and commit it (one at a time per account).
CREATE TABLE pending_uploads (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    file_name  TEXT NOT NULL,
    lines      TEXT NOT NULL,                -- the rows read, as JSON
    created_at TEXT NOT NULL
);
