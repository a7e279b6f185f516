-- When each account last signed in: admins see it in the user list (an account nobody has
-- used in years reads differently from one used this morning).
ALTER TABLE accounts ADD COLUMN last_signed_in_at TEXT;
