-- Kinds of mail a person turned off, by address: an unsubscribe link works without signing in
-- (and for people with no account), and an account's change of email carries them over.
CREATE TABLE mail_optouts (
    address    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (address, kind)
);

-- Each message's unsubscribe link: only the token's SHA-256, and what it turns off.
CREATE TABLE unsubscribe_links (
    token_hash TEXT PRIMARY KEY,
    address    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The learner's time zone (IANA, e.g. "Europe/London"): reminders come the day before, in it.
ALTER TABLE accounts ADD COLUMN time_zone TEXT;
