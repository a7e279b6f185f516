-- Verifiable certificates: each certificate's place in a Bitstring Status List, and whether it
-- is revoked. A place is never given twice: the row outlives its certificate (a deleted
-- account's certificates keep theirs, so a later certificate can never inherit a revocation,
-- nor lift one).
CREATE TABLE credential_status (
    status_list      BIGINT NOT NULL,
    status_index     BIGINT NOT NULL,
    certificate_code TEXT UNIQUE REFERENCES certificates(code) ON DELETE SET NULL,
    revoked_at       TEXT,
    revoked_reason   TEXT,
    -- The credential as first signed (a compact JWS): served as it was issued, whatever changes
    -- later in the catalog or the hub's address.
    credential       TEXT,
    PRIMARY KEY (status_list, status_index)
);
CREATE INDEX credential_status_revoked ON credential_status (status_list) WHERE revoked_at IS NOT NULL;

-- The public halves of the keys certificates are signed with, each published in the key set
-- for as long as the hub runs: every replica's key (each keeps its own private key in its data
-- directory), and a key replaced after a loss, so what it signed still verifies.
CREATE TABLE issuer_keys (
    thumbprint TEXT PRIMARY KEY,
    x          TEXT NOT NULL,
    created_at TEXT NOT NULL
);
