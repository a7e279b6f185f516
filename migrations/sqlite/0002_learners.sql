-- Learners: accounts, sessions, bookmarks, progress, quiz attempts and certificates.
-- Timestamps are RFC 3339 UTC text; booleans 0/1 BIGINTs, as in the catalog.

CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Trimmed and lower-cased, so "Ana@Example.org" and "ana@example.org" are one account.
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    profession     TEXT,
    discipline     TEXT,
    is_admin       BIGINT NOT NULL DEFAULT 0,
    -- When the learner took the champion pledge (all four commitments).
    champion_since TEXT,
    disabled_at    TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- tower-sessions records. account_id mirrors the signed-in account so that changing the
-- password or deleting the account can end every other session at once.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE bookmarks (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (account_id, resource_id)
);

-- One row per learner per unit: an item (by its slug, which never changes and survives the
-- item's retirement) or, for a resource without items, the resource itself (unit '').
-- Rows only move forward (in_progress → completed), so a double submit or a stale tab can
-- never undo what was recorded.
CREATE TABLE progress (
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    resource_id   INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    unit          TEXT NOT NULL,
    status        TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    completed_at  TEXT,
    -- Self-reported attendance or completion of a live course or outside activity: the date
    -- the learner gave.
    self_reported BIGINT NOT NULL DEFAULT 0,
    reported_on   TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (account_id, resource_id, unit)
);
CREATE INDEX progress_resource ON progress (resource_id);

-- Every attempt is kept. The answers are a JSON array of choice indices.
CREATE TABLE quiz_attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    answers       TEXT NOT NULL,
    correct       BIGINT NOT NULL,
    questions     BIGINT NOT NULL,
    score_percent BIGINT NOT NULL,
    passed        BIGINT NOT NULL,
    submitted_at  TEXT NOT NULL
);
CREATE INDEX quiz_attempts_learner ON quiz_attempts (account_id, item_id);

-- Issued once per learner and activity; the code is what anyone can verify. The learner's
-- name and the activity's title are copied at issue, as printed certificates are.
CREATE TABLE certificates (
    code          TEXT PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    subject_kind  TEXT NOT NULL,
    subject_id    INTEGER NOT NULL,
    learner_name  TEXT NOT NULL,
    title         TEXT NOT NULL,
    completed_on  TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    UNIQUE (account_id, subject_kind, subject_id)
);
