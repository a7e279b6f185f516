-- Mail. Every message is first a row in the outbox, written in the same transaction as what
-- caused it; one replica at a time sends what is due (lease "mail-sender" in job_leases).
-- message_key is the idempotency key: the Message-ID, and the file name in the outbox folder.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_key     TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    -- The account the message is for, when it is for one: it goes with the account.
    account_id      INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    -- The whole formatted message (RFC 5322, 7-bit), sent byte for byte on every try.
    message         TEXT NOT NULL,
    -- Its plain-text part, as admins read it at /admin/outbox.
    text_body       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    sent_at         TEXT,
    -- Given up on (every try failed, or the relay refused it for good); an admin may retry.
    failed_at       TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_account ON outbox (account_id);
CREATE INDEX outbox_recipient ON outbox (recipient);

-- Single-use links sent by mail (a password reset): only the token's SHA-256 is kept.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'confirm')),
    -- The address the link was sent to: a link is void once the account's email changes.
    email      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX account_tokens_account ON account_tokens (account_id, purpose, created_at);

-- When the account's address was confirmed (its link followed). Accounts made before
-- addresses were confirmed count as confirmed, as do accounts an admin makes.
ALTER TABLE accounts ADD COLUMN email_confirmed_at TEXT;
UPDATE accounts SET email_confirmed_at = created_at;
-- A new address asked for on the account page: it replaces the email once it is confirmed.
ALTER TABLE accounts ADD COLUMN pending_email TEXT;
