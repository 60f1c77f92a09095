-- +goose Up
-- Sign-in that holds under attack (issue 11).

-- One row per throttled key ("account:<email>" or "address:<ip>"). A
-- sign-in reserves a slot here in one statement that both checks and
-- counts, so parallel requests and several servers on one database never
-- check more passwords than the limit allows. Times are Unix milliseconds so
-- both engines can do arithmetic on them.
CREATE TABLE login_throttle (
    key            TEXT PRIMARY KEY,
    window_start   INTEGER NOT NULL,
    attempts       INTEGER NOT NULL,
    next_at        INTEGER NOT NULL DEFAULT 0,
    refusal_logged INTEGER NOT NULL DEFAULT 0
);

-- The old per-key failure log is replaced by login_throttle.
DROP TABLE login_failures;

-- Sessions: when each was last used (for the idle timeout) and where from,
-- so people can see and end their own sessions.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_at = created_at;

-- +goose Down
ALTER TABLE sessions DROP COLUMN user_agent;
ALTER TABLE sessions DROP COLUMN client_address;
ALTER TABLE sessions DROP COLUMN last_seen_at;
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
DROP TABLE login_throttle;
