-- issue 8: imported alert history; the same tables and intent as db/migration/sqlite/V3.
CREATE TABLE history_alerts (
  import_key  TEXT COLLATE "C" PRIMARY KEY,
  source      TEXT NOT NULL,
  zone_id     TEXT COLLATE "C" NOT NULL,
  type        TEXT NOT NULL,
  started_at  TEXT COLLATE "C" NOT NULL,
  ended_at    TEXT COLLATE "C",
  naive       BOOLEAN NOT NULL,
  imported_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX history_alerts_zone ON history_alerts (zone_id, started_at);

CREATE TABLE history_imports (
  id       BIGINT PRIMARY KEY,
  at       TEXT COLLATE "C" NOT NULL,
  files    TEXT NOT NULL,
  imported BIGINT NOT NULL
);
