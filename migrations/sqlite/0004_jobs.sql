-- Work that must run on one replica at a time (link checks, scheduled or started by an admin):
-- the replica that holds a job's row runs it, until it lets go or the lease runs out (a
-- replica that died mid-run). Times are RFC 3339 UTC text, as everywhere.
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
