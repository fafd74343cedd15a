-- Tryvoha event log, SQLite.
-- Times are ISO-8601 UTC text of fixed width with nanoseconds, 'YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ',
-- so that text order is time order; payload columns hold the JSON of org.tryvoha.Json.

-- The log. seq is assigned by the store as max(seq) + 1 inside the write transaction, so a
-- rolled-back append burns no number.
CREATE TABLE events (
  seq      INTEGER PRIMARY KEY,
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  kind     TEXT NOT NULL,
  at       TEXT NOT NULL,
  payload  TEXT NOT NULL
);

-- Every alert as it stands after its latest event (derived from the log, updated in the same
-- transaction as the append).
CREATE TABLE alerts (
  id         TEXT PRIMARY KEY,
  type       TEXT NOT NULL,
  status     TEXT NOT NULL,
  issued_at  TEXT NOT NULL,
  expires_at TEXT,
  ended_at   TEXT,
  active     INTEGER NOT NULL CHECK (active IN (0, 1)),
  sender     TEXT,
  first_seq  INTEGER NOT NULL,
  last_seq   INTEGER NOT NULL,
  payload    TEXT NOT NULL
);

-- History: newest issued first, keyset paging on (issued_at, id).
CREATE INDEX alerts_issued ON alerts (issued_at, id);
-- active(): oldest first among the active ones.
CREATE INDEX alerts_active ON alerts (active, issued_at, id);
-- History 'from' filter: ended_at is null or >= from.
CREATE INDEX alerts_ended ON alerts (ended_at);

-- The target zones of each alert as it stands now.
CREATE TABLE alert_zones (
  alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  zone_id  TEXT NOT NULL,
  PRIMARY KEY (alert_id, zone_id)
) WITHOUT ROWID;

CREATE INDEX alert_zones_zone ON alert_zones (zone_id, alert_id);

CREATE TABLE operator_keys (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  hash       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
