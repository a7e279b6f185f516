-- Collections: a learner's named, ordered lists of resources, each entry with a short note.
-- The owner may share one by a secret link (anyone holding it reads it) and with one team
-- they are in (its members see it while the owner stays in the team). A collection goes with
-- its owner's account; sharing with a team ends when the team is deleted.
CREATE TABLE collections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    -- The secret link's token (128 random bits, hex), null while the link is off.
    share_token TEXT UNIQUE,
    team_id     INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX collections_owner ON collections (owner_id);
CREATE INDEX collections_team ON collections (team_id);

-- Entries by slug, so an entry outlives an edit of the resource's title (and says so when
-- the resource leaves the catalog).
CREATE TABLE collection_entries (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    slug          TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    position      BIGINT NOT NULL,
    added_at      TEXT NOT NULL,
    PRIMARY KEY (collection_id, slug)
);
