-- Teams: a champion leads a team of colleagues who join through an expiring invite link and
-- leave when they like. A member's progress reaches the champion only while the member shares
-- it (off until they turn it on). The champion chooses the resources and pathways the team
-- follows. A team goes with its champion's account; a membership with the member's.
CREATE TABLE teams (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL,
    champion_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- The invite link's secret (128 random bits, hex) and when it stops working; both null
    -- when the champion has no link out.
    invite_token      TEXT UNIQUE,
    invite_expires_at TEXT,
    created_at        TEXT NOT NULL
);
CREATE INDEX teams_champion ON teams (champion_id);

CREATE TABLE team_members (
    team_id         INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    shares_progress BIGINT NOT NULL DEFAULT 0,
    joined_at       TEXT NOT NULL,
    PRIMARY KEY (team_id, account_id)
);
CREATE INDEX team_members_account ON team_members (account_id);

-- What the team follows, in the champion's order: resources and pathways by slug, so a
-- choice outlives an edit of its title.
CREATE TABLE team_focus (
    team_id  INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('resource', 'pathway')),
    slug     TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (team_id, kind, slug)
);
