-- A learner's personal calendar feed: the live sessions of what they bookmarked, at an address
-- only they know (`/calendar/{token}.ics`), for calendar apps that cannot sign in. One per
-- learner; resetting it replaces the token, so the old address stops working at once.
CREATE TABLE calendar_feeds (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    token      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
