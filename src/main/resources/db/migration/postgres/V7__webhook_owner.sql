-- Who may change or remove a webhook: the operator who registered it (by id, which is never reused,
-- unlike a name) or an admin. Hooks registered before this column have no owner id: only an admin
-- may change or remove them.
ALTER TABLE webhooks ADD COLUMN created_by_id TEXT;
