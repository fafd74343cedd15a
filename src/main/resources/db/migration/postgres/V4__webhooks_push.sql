-- Webhooks and Web Push (issue 7), PostgreSQL. The same tables in db/migration/sqlite/V4.
-- Times are ISO-8601 UTC text (Instant.toString); booleans are 0/1 integers in both dialects.

-- Registered webhooks. The secret signs every delivery (HMAC-SHA256), so it is kept as is; it is
-- shown to the operator once, when the hook is created.
CREATE TABLE webhooks (
  id              TEXT PRIMARY KEY,
  url             TEXT NOT NULL,
  zones           TEXT NOT NULL,           -- zone ids, comma-separated
  drills          INTEGER NOT NULL CHECK (drills IN (0, 1)),
  secret          TEXT NOT NULL,
  enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  failures        INTEGER NOT NULL,        -- deliveries failed in a row (each after its retries)
  disabled_reason TEXT,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL
);

-- The delivery log: one row per attempt, the newest kept per hook (older ones are pruned).
CREATE TABLE webhook_deliveries (
  id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hook_id  TEXT NOT NULL,
  seq      BIGINT NOT NULL,                -- the event's sequence number
  attempt  INTEGER NOT NULL,
  at       TEXT NOT NULL,
  status   INTEGER,                         -- HTTP status, null when there was no answer
  outcome  TEXT NOT NULL,                   -- delivered, retrying, failed, dropped
  error    TEXT,
  millis   INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries (hook_id, id);

-- The server's VAPID key pair (RFC 8292), made on first start: one row.
CREATE TABLE push_vapid (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  public_key  TEXT NOT NULL,                -- uncompressed P-256 point, base64url
  private_key TEXT NOT NULL,                -- PKCS#8, base64url
  created_at  TEXT NOT NULL
);

-- Browser push subscriptions (PushSubscription: endpoint and keys) and the zones they want.
CREATE TABLE push_subscriptions (
  endpoint   TEXT PRIMARY KEY,
  p256dh     TEXT NOT NULL,
  auth       TEXT NOT NULL,
  zones      TEXT NOT NULL,                 -- zone ids, comma-separated
  drills     INTEGER NOT NULL CHECK (drills IN (0, 1)),
  created_at TEXT NOT NULL
);
