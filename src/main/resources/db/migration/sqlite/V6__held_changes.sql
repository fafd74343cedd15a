-- A held change is bound to the alert as it stood when it was held: alert_seq is the sequence
-- number of the alert's latest event then (0 for a raise; NULL for a change held before this
-- column existed, which approval refuses as it cannot tell what it was made against), and
-- current_type / current_zones what the alert was then (NULL for a raise). Any later change of
-- the alert invalidates the held change, so type and zones always say what approval would send.
ALTER TABLE pending_alerts ADD COLUMN alert_seq INTEGER;
ALTER TABLE pending_alerts ADD COLUMN current_type TEXT;
ALTER TABLE pending_alerts ADD COLUMN current_zones TEXT;
-- Pending changes of one alert (invalidated when it changes) and of one sender (withdrawn when
-- its key is revoked).
CREATE INDEX pending_alerts_alert ON pending_alerts (alert_id, state);
CREATE INDEX pending_alerts_sender ON pending_alerts (requested_by_id, state);
