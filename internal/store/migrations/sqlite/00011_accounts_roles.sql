-- +goose Up
-- Roles a partnership grants itself (issue 11). An account can be disabled
-- (it cannot sign in and its sessions are ended), and a national analyst
-- may import indicators and annotate priorities for every area. National
-- analyst is a flag on the account rather than a role row, because a role
-- belongs to one partnership and this covers all of them.
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN national_analyst BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE users DROP COLUMN national_analyst;
ALTER TABLE users DROP COLUMN disabled;
