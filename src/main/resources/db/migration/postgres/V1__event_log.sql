-- Tryvoha event log, PostgreSQL. The same tables and intent as db/migration/sqlite/V1.
-- Times are ISO-8601 UTC text of fixed width with nanoseconds, 'YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ',
-- compared byte-wise (COLLATE "C"), so that text order is time order and nothing is rounded
-- (timestamptz keeps microseconds only). Payload columns hold the JSON of org.tryvoha.Json.

-- The head of the log: one row. Every append increments it first, in its own transaction, which
-- serialises appends from every node (the row lock) and rolls back with the transaction, so a
-- failed append burns no number. A SEQUENCE would leave gaps.
CREATE TABLE log_head (
  id  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
  seq BIGINT  NOT NULL CHECK (seq >= 0)
);
INSERT INTO log_head (id, seq) VALUES (TRUE, 0);

-- Every alert as it stands after its latest event (updated in the same transaction as the append).
CREATE TABLE alerts (
  id         TEXT COLLATE "C" PRIMARY KEY,
  type       TEXT NOT NULL,
  status     TEXT NOT NULL,
  issued_at  TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C",
  ended_at   TEXT COLLATE "C",
  active     BOOLEAN NOT NULL,
  sender     TEXT,
  first_seq  BIGINT NOT NULL,
  last_seq   BIGINT NOT NULL,
  payload    TEXT NOT NULL
);

-- The log.
CREATE TABLE events (
  seq      BIGINT PRIMARY KEY,
  alert_id TEXT COLLATE "C" NOT NULL REFERENCES alerts (id),
  kind     TEXT NOT NULL,
  at       TEXT COLLATE "C" NOT NULL,
  payload  TEXT NOT NULL
);

-- History: newest issued first, keyset paging on (issued_at, id).
CREATE INDEX alerts_issued ON alerts (issued_at, id);
-- active(): oldest first among the active ones.
CREATE INDEX alerts_active ON alerts (issued_at, id) WHERE active;
-- History 'from' filter: ended_at is null or >= from.
CREATE INDEX alerts_ended ON alerts (ended_at);

-- The target zones of each alert as it stands now.
CREATE TABLE alert_zones (
  alert_id TEXT COLLATE "C" NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  zone_id  TEXT NOT NULL,
  PRIMARY KEY (alert_id, zone_id)
);
CREATE INDEX alert_zones_zone ON alert_zones (zone_id, alert_id);

CREATE TABLE operator_keys (
  id         TEXT COLLATE "C" PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  hash       TEXT NOT NULL UNIQUE,
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C"
);
