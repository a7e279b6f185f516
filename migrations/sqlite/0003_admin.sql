-- Admin curation: soft delete and optimistic concurrency on resources, the append-only audit
-- log, privacy-preserving search analytics, link checks and the admins' synonym list.

-- Set when an admin moves a resource to the trash; it leaves every public view and search, and
-- comes back as it was on restore.
ALTER TABLE resources ADD COLUMN deleted_at TEXT;
-- Bumped by every write, so an editor's save can be refused when someone saved in between.
ALTER TABLE resources ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Who changed what, when. No foreign key: an entry outlives the account that made it, which is
-- why the actor's email is copied.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor_id    BIGINT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target      TEXT NOT NULL,
    -- JSON: [{"field": "...", "before": ..., "after": ...}]
    diff        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target_type, target);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- One row per search made on the search page. Nothing ties a row to a person: no account, no
-- address, no session, and only the day. `token` is random, so a result opened from that page
-- can be counted against its search.
CREATE TABLE search_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    token   TEXT NOT NULL UNIQUE,
    day     TEXT NOT NULL,
    query   TEXT NOT NULL,
    results BIGINT NOT NULL,
    opened  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX search_log_day ON search_log (day);

-- Link checks: each run, and what it found for every resource and item URL.
CREATE TABLE link_checks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    checked     BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE link_results (
    check_id BIGINT NOT NULL REFERENCES link_checks(id) ON DELETE CASCADE,
    resource TEXT NOT NULL,
    item     TEXT,
    url      TEXT NOT NULL,
    -- ok, redirected or broken
    outcome  TEXT NOT NULL,
    status   BIGINT,
    location TEXT,
    error    TEXT
);
CREATE INDEX link_results_check ON link_results (check_id);

-- The admins' synonym list (one row), once they have edited it; the built-in list until then.
-- In the database, not a file, so every replica reads the same list.
CREATE TABLE synonym_list (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
