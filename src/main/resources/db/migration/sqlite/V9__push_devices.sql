-- Mobile apps' device tokens (Firebase Cloud Messaging, Apple Push Notification service) and the zones they want.
CREATE TABLE push_devices (
  platform   TEXT NOT NULL CHECK (platform IN ('fcm', 'apns')),
  token      TEXT NOT NULL,
  zones      TEXT NOT NULL,                 -- zone ids, comma-separated
  drills     INTEGER NOT NULL CHECK (drills IN (0, 1)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (platform, token)
);
