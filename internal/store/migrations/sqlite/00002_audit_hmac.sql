-- +goose Up
-- The audit chain becomes keyed (HMAC-SHA256 under a key held outside the
-- database). Each entry records its scheme and the ID of the key that signed
-- it; entries already here keep their unkeyed hash and are marked 'sha256'.
-- The store re-signs an untouched unkeyed log with the key once, so the one
-- update the log still allows is exactly that: same content, scheme from
-- 'sha256' to 'hmac-sha256', new links and hashes.
-- Entries also record the client address of the request that caused them.
ALTER TABLE audit_log ADD COLUMN hash_alg TEXT NOT NULL DEFAULT 'sha256';
ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';

DROP TRIGGER audit_log_no_update;
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.hash_alg = 'sha256' AND NEW.hash_alg = 'hmac-sha256'
    AND NEW.seq IS OLD.seq AND NEW.at IS OLD.at AND NEW.actor_id IS OLD.actor_id
    AND NEW.actor_name IS OLD.actor_name AND NEW.client_addr IS OLD.client_addr
    AND NEW.action IS OLD.action AND NEW.entity IS OLD.entity AND NEW.entity_id IS OLD.entity_id
    AND NEW.before IS OLD.before AND NEW.after IS OLD.after)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_no_update;
ALTER TABLE audit_log DROP COLUMN client_addr;
ALTER TABLE audit_log DROP COLUMN key_id;
ALTER TABLE audit_log DROP COLUMN hash_alg;
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
