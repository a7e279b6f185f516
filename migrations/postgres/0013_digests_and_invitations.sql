-- What a learner's weekly digest follows, besides their collections and their teams' focus:
-- topics (as the catalog spells them) and kinds of resource. Gone with the account.
CREATE TABLE digest_follows (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    facet      TEXT NOT NULL CHECK (facet IN ('topic', 'kind')),
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, facet, value)
);

-- Invitations a champion mailed: each address gets its own single-use link (only the token's
-- SHA-256 is kept), working for a fortnight. A deleted team's invitations stop working but stay
-- counted (the daily limits must not reset by deleting a team); all are pruned a month after
-- expiry, since they hold the addresses of people who may never have joined.
CREATE TABLE team_invitations (
    token_hash TEXT PRIMARY KEY,
    team_id    BIGINT REFERENCES teams(id) ON DELETE SET NULL,
    address    TEXT NOT NULL,
    invited_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX team_invitations_team ON team_invitations (team_id, created_at);
CREATE INDEX team_invitations_sender ON team_invitations (invited_by, created_at);
CREATE INDEX team_invitations_address ON team_invitations (address, created_at);

-- Scheduled messages looked for and found empty (a digest with nothing in it, a nudge with
-- nothing waiting), under the key the message would have had: looked at once, not every few
-- minutes for days. Pruned with the outbox.
CREATE TABLE mail_looked (
    message_key TEXT PRIMARY KEY,
    looked_at   TEXT NOT NULL
);

-- A look reads the week's queued digests by kind and time.
CREATE INDEX outbox_kind_created ON outbox (kind, created_at);

-- The weekly digest reads the week's new and changed resources: at 100k resources, by index.
CREATE INDEX resources_updated ON resources (updated_at);
