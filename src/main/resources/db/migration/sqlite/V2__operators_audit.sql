-- issue 4: operator accounts, alerts waiting for a second person, and the hash-chained audit log.
-- Times are ISO-8601 UTC text as in V1.

-- Named operators. key_hash is 'pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>' of the whole key;
-- the key itself ('tvo_<id>_<secret>') is shown once at creation and kept nowhere.
-- zones and types: comma-separated zone ids / alert types, or '*' for all.
CREATE TABLE operators (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL,
  zones      TEXT NOT NULL,
  types      TEXT NOT NULL,
  key_hash   TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);

-- Raises and updates held by the two-person rule. body is the request as the sender sent it.
-- state: pending, approved, rejected, expired, failed.
CREATE TABLE pending_alerts (
  id              TEXT PRIMARY KEY,
  action          TEXT NOT NULL,
  alert_id        TEXT NOT NULL,
  type            TEXT NOT NULL,
  zones           TEXT NOT NULL,
  reason          TEXT NOT NULL,
  body            TEXT NOT NULL,
  requested_by    TEXT NOT NULL,
  requested_by_id TEXT NOT NULL,
  requested_at    TEXT NOT NULL,
  timeout_at      TEXT NOT NULL,
  state           TEXT NOT NULL,
  decided_by      TEXT,
  decided_at      TEXT,
  note            TEXT
);
CREATE INDEX pending_alerts_state ON pending_alerts (state, requested_at);

-- The audit log: each entry's hash is SHA-256 over the previous entry's hash and the entry's
-- canonical form (org.tryvoha.audit.AuditChain). audit_head holds the last seq and hash, so an
-- entry deleted at the end is noticed too; appends update it in the same transaction.
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  actor_id  TEXT NOT NULL,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT NOT NULL,
  status    INTEGER NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
