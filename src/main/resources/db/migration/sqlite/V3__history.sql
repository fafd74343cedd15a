-- issue 8: imported alert history (the public record since 2022). Kept apart from the event log:
-- these rows are never delivered live and never replayed by a rebuild; statistics read them.
-- Times use the stored form of org.tryvoha.store.StoredText (fixed-width ISO-8601 UTC text).
CREATE TABLE history_alerts (
  import_key  TEXT PRIMARY KEY,       -- source|zone|start|end: importing the same row twice is a no-op
  source      TEXT NOT NULL,          -- official | volunteer | permanent
  zone_id     TEXT NOT NULL,          -- KATOTTG id of a zone of the bundled zone tree
  type        TEXT NOT NULL,          -- air_raid
  started_at  TEXT NOT NULL,
  ended_at    TEXT,                   -- null: still in force (the permanent alerts)
  naive       INTEGER NOT NULL CHECK (naive IN (0, 1)), -- volunteer rows without an end message (+30 min)
  imported_at TEXT NOT NULL
);
CREATE INDEX history_alerts_zone ON history_alerts (zone_id, started_at);

-- One row per import run that changed something; the latest id tells servers to reload.
CREATE TABLE history_imports (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  files    TEXT NOT NULL,
  imported INTEGER NOT NULL
);
