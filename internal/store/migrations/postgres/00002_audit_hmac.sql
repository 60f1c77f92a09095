-- +goose Up
-- The audit chain becomes keyed (HMAC-SHA256 under a key held outside the
-- database). Each entry records its scheme and the ID of the key that signed
-- it; entries already here keep their unkeyed hash and are marked 'sha256'.
-- The store re-signs an untouched unkeyed log with the key once, so the one
-- update the log still allows is exactly that: same content, scheme from
-- 'sha256' to 'hmac-sha256', new links and hashes.
-- Entries also record the client address of the request that caused them.
ALTER TABLE audit_log
    ADD COLUMN hash_alg TEXT NOT NULL DEFAULT 'sha256',
    ADD COLUMN key_id TEXT NOT NULL DEFAULT '',
    ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash_alg = 'sha256' AND NEW.hash_alg = 'hmac-sha256'
        AND (NEW.seq, NEW.at, NEW.actor_id, NEW.actor_name, NEW.client_addr, NEW.action,
             NEW.entity, NEW.entity_id, NEW.before, NEW.after)
        IS NOT DISTINCT FROM
            (OLD.seq, OLD.at, OLD.actor_id, OLD.actor_name, OLD.client_addr, OLD.action,
             OLD.entity, OLD.entity_id, OLD.before, OLD.after) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
ALTER TABLE audit_log DROP COLUMN client_addr, DROP COLUMN key_id, DROP COLUMN hash_alg;
