-- Messages from other systems (CAP: sender = origin, identifier = message_id) that changed an
-- alert, written in the same transaction as the event they produced (seq), so a message delivered
-- again is recognised after a restart, and one sent before the newest applied to its alert (sent,
-- fixed-width UTC text like events.at, so text order is time order) is refused.
CREATE TABLE message_receipts (
  origin     TEXT NOT NULL,
  message_id TEXT NOT NULL,
  alert_id   TEXT NOT NULL REFERENCES alerts (id),
  seq        INTEGER NOT NULL,
  sent       TEXT NOT NULL,
  PRIMARY KEY (origin, message_id)
) WITHOUT ROWID;
-- The newest message applied to an alert.
CREATE INDEX message_receipts_alert ON message_receipts (alert_id, sent);
