-- Messages from other systems (CAP: sender = origin, identifier = message_id) that changed an
-- alert, written in the same transaction as the event they produced (seq), so a message delivered
-- again is recognised after a restart, and one sent before the newest applied to its alert (sent,
-- fixed-width UTC text like events.at, so text order is time order) is refused.
CREATE TABLE message_receipts (
  origin     TEXT COLLATE "C" NOT NULL,
  message_id TEXT COLLATE "C" NOT NULL,
  alert_id   TEXT COLLATE "C" NOT NULL REFERENCES alerts (id),
  seq        BIGINT NOT NULL,
  sent       TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (origin, message_id)
);
-- The newest message applied to an alert.
CREATE INDEX message_receipts_alert ON message_receipts (alert_id, sent);
