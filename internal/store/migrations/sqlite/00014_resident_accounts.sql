-- +goose Up
-- Resident accounts (issue 13 item 5): the ONS postcode lookup and the
-- single-use links that confirm an e-mail address.

-- One row per postcode, in its one-space form ("TS24 7AA"), with the
-- LSOA, ward and local authority district the ONS postcode lookup (NSPL or
-- ONSPD) places it in. Codes are '' where the lookup has none (Scottish
-- postcodes have no 2021 LSOA; pseudo-codes such as S99999999 are blank).
-- `placeboard reference load-postcodes` replaces the whole table in one
-- transaction.
CREATE TABLE postcodes (
    postcode      TEXT PRIMARY KEY,
    lsoa_code     TEXT NOT NULL DEFAULT '',
    ward_code     TEXT NOT NULL DEFAULT '',
    district_code TEXT NOT NULL DEFAULT ''
);

-- Links sent by e-mail. Only the SHA-256 of the token is kept, so the
-- table cannot be used to confirm anyone's address. A link is used once
-- (used_at) and refused after expires_at (Unix milliseconds, as the
-- sign-in throttle keeps its times).
CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX email_tokens_user ON email_tokens (user_id);

-- +goose Down
DROP TABLE email_tokens;
DROP TABLE postcodes;
