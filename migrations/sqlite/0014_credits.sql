-- Continuing-education credit: the credit types the hub knows (what catalog credits, licences
-- and outside activities are counted in), the board rules admins curate as templates, each
-- learner's licences and certifications, and the activities they took elsewhere.

-- A credit type and the professions it usually serves (comma-separated, from the hub's list of
-- professions). `spellings`: other ways providers write it, one per line, so a catalog credit
-- written "AMA PRA Category 1 Credit(s)™" counts as this type.
CREATE TABLE credit_types (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    unit        TEXT NOT NULL,
    professions TEXT NOT NULL,
    spellings   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

INSERT INTO credit_types (name, unit, professions, spellings, created_at) VALUES
 ('AMA PRA Category 1 Credit™', 'credits', 'physician,physician-assistant,nurse-practitioner', 'AMA PRA Category 1 Credits
AMA PRA Category 1 Credit(s)™
AMA PRA Category 1', '2026-12-07T00:00:00Z'),
 ('ANCC contact hours', 'contact hours', 'nurse,nurse-practitioner', 'ANCC nursing contact hours
ANCC contact hour
ANCC', '2026-12-07T00:00:00Z'),
 ('ACPE contact hours', 'contact hours', 'pharmacist', 'ACPE credit
ACPE CE', '2026-12-07T00:00:00Z'),
 ('ASWB ACE continuing education credits', 'credits', 'social-worker', 'ASWB ACE CE credits
ASWB ACE', '2026-12-07T00:00:00Z'),
 ('ABIM MOC points', 'points', 'physician', 'ABIM MOC Medical Knowledge points
ABIM MOC', '2026-12-07T00:00:00Z'),
 ('AAPA Category 1 CME credits', 'credits', 'physician-assistant', 'AAPA Category 1 CME
AAPA Category 1', '2026-12-07T00:00:00Z'),
 ('CCM continuing education hours', 'hours', 'case-manager', 'CCMC CE hours
CCM CE', '2026-12-07T00:00:00Z'),
 ('Nursing contact hours (state board approved)', 'contact hours', 'nurse,nurse-practitioner', 'Nursing contact hours
State board nursing contact hours', '2026-12-07T00:00:00Z');

-- A board's renewal rule, as an admin read it on the board's page (`source_url`, checked on
-- `checked_on`): the hub never states a rule without where it came from. `cycle_months`: how
-- long one cycle runs. Topics: JSON, [{"topic": term, "label": words, "hours": n}].
CREATE TABLE board_templates (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    profession     TEXT NOT NULL,
    board          TEXT NOT NULL,
    cycle_months   INTEGER NOT NULL,
    hours_required DOUBLE PRECISION NOT NULL,
    credit_types   TEXT NOT NULL,
    topics         TEXT NOT NULL,
    source_url     TEXT NOT NULL,
    checked_on     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- A learner's licence or certification in its current cycle. `number` is private: only the
-- learner sees it and only their own export holds it. `credit_types`: the ids counted toward it,
-- comma-separated. Topics as in board_templates.
CREATE TABLE licences (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    profession     TEXT NOT NULL,
    board          TEXT NOT NULL,
    number         TEXT,
    cycle_start    TEXT NOT NULL,
    cycle_end      TEXT NOT NULL,
    hours_required DOUBLE PRECISION NOT NULL,
    credit_types   TEXT NOT NULL,
    topics         TEXT NOT NULL,
    template_id    INTEGER REFERENCES board_templates(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX licences_account ON licences (account_id);

-- An activity taken elsewhere, on the learner's word; `topics` the catalog topics it covered
-- (comma-separated). The certificate file, if any, sits in the file store under `file_key`
-- (random; never the name the learner's computer gave it, which is kept only to show).
CREATE TABLE outside_activities (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    provider       TEXT NOT NULL,
    completed_on   TEXT NOT NULL,
    credit_type_id INTEGER NOT NULL REFERENCES credit_types(id),
    amount         DOUBLE PRECISION NOT NULL,
    topics         TEXT NOT NULL,
    file_key       TEXT UNIQUE,
    file_name      TEXT,
    file_type      TEXT,
    file_bytes     BIGINT,
    created_at     TEXT NOT NULL
);
CREATE INDEX outside_activities_account ON outside_activities (account_id, completed_on);

-- Files to remove from the store once `remove_after` has passed: those a deleted activity or
-- account left (queued by the triggers below, at once), and each upload while it is written (an
-- hour ahead, and taken off the queue in the transaction that records the file). A crash at
-- any point leaves a file that will be swept, never a row without its file.
CREATE TABLE stored_file_removals (
    file_key     TEXT PRIMARY KEY,
    remove_after TEXT NOT NULL
);

CREATE TRIGGER outside_file_deleted AFTER DELETE ON outside_activities
WHEN OLD.file_key IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO stored_file_removals (file_key, remove_after)
    VALUES (OLD.file_key, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER outside_file_replaced AFTER UPDATE OF file_key ON outside_activities
WHEN OLD.file_key IS NOT NULL AND (NEW.file_key IS NULL OR NEW.file_key <> OLD.file_key)
BEGIN
    INSERT OR REPLACE INTO stored_file_removals (file_key, remove_after)
    VALUES (OLD.file_key, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
