-- The catalog: resources of every kind, their vocabulary terms, credits, schedule, items
-- (with quizzes) and pathways. Written in SQL that PostgreSQL also accepts, bar the types
-- of auto-increment keys. Booleans are stored as 0/1 BIGINTs so both backends decode them alike.

CREATE TABLE resources (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    slug             TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    body             TEXT,
    url              TEXT,
    provider_id      INTEGER REFERENCES resources(id) ON DELETE SET NULL,
    format           TEXT,
    duration_minutes BIGINT,
    language         TEXT,
    location         TEXT,
    cost_free        BIGINT,
    cost_currency    TEXT,
    cost_amount      DOUBLE PRECISION,
    cost_notes       TEXT,
    starts_on        TEXT,
    ends_on          TEXT,
    status           TEXT NOT NULL DEFAULT 'published',
    featured         BIGINT NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX resources_kind ON resources (kind);
CREATE INDEX resources_provider ON resources (provider_id);

-- audiences, disciplines, specialties, topics and tags, in the order the file gave them.
CREATE TABLE resource_terms (
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    vocabulary  TEXT NOT NULL,
    term        TEXT NOT NULL,
    position    BIGINT NOT NULL,
    PRIMARY KEY (resource_id, vocabulary, term)
);
CREATE INDEX resource_terms_lookup ON resource_terms (vocabulary, term);

CREATE TABLE resource_credits (
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    credit_type TEXT NOT NULL,
    amount      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (resource_id, position)
);

CREATE TABLE schedule_entries (
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    title       TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    track       TEXT,
    PRIMARY KEY (resource_id, position)
);

-- An item that leaves a resource is retired (retired_at set), never deleted, so the progress
-- learners recorded on it survives.
CREATE TABLE items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id      INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    slug             TEXT NOT NULL,
    position         BIGINT NOT NULL,
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    summary          TEXT,
    url              TEXT,
    duration_minutes BIGINT,
    pass_percent     BIGINT,
    retired_at       TEXT,
    UNIQUE (resource_id, slug)
);

-- Quiz questions; choices are a JSON array of strings.
CREATE TABLE quiz_questions (
    item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    prompt      TEXT NOT NULL,
    choices     TEXT NOT NULL,
    answer      BIGINT NOT NULL,
    explanation TEXT,
    PRIMARY KEY (item_id, position)
);

CREATE TABLE pathways (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    summary    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE pathway_steps (
    pathway_id  INTEGER NOT NULL REFERENCES pathways(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    PRIMARY KEY (pathway_id, position)
);
