-- issue 4 (hardening): Ed25519 keys that sign every event, shared by all nodes. public_key is the raw
-- 32-byte key, base64url; private_key is PKCS#8, base64, or NULL when the private half lives in a
-- PEM file (signing-key-file). Times are ISO-8601 UTC text. A retired key signs nothing new but
-- stays published at /.well-known/tryvoha-keys.json, so its signatures stay verifiable.
CREATE TABLE signing_keys (
  key_id      TEXT PRIMARY KEY,
  public_key  TEXT NOT NULL,
  private_key TEXT,
  created_at  TEXT NOT NULL,
  retired_at  TEXT
);
