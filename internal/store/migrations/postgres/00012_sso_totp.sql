-- +goose Up
-- Single sign-on and a second factor (issue 11).

-- A person's TOTP secret (RFC 6238). confirmed is 0 while they enrol and 1
-- once they have entered a code from it. last_step is the last time-step a
-- code was accepted for: a code is taken by raising it in one statement, so
-- a code cannot be used twice, even by parallel requests.
CREATE TABLE user_totp (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id),
    secret     TEXT NOT NULL,
    confirmed  INTEGER NOT NULL DEFAULT 0,
    last_step  BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- Single-use recovery codes, stored as SHA-256 hashes (they are random, so
-- a fast hash is enough). used_at is '' until the code is spent.
CREATE TABLE user_recovery_codes (
    user_id   BIGINT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, code_hash)
);

-- A password was right and the second factor is awaited: the browser holds
-- the token, the database its hash. Attempts are counted so the code cannot
-- be guessed.
CREATE TABLE signin_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    method     TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL
);

-- Accounts signed in through an OpenID provider: the provider's subject,
-- and the organisation the e-mail domain maps to (0 if none).
CREATE TABLE user_oidc (
    issuer          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    email           TEXT NOT NULL,
    organisation_id BIGINT NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- An OpenID sign-in under way: state (hashed), nonce and PKCE verifier,
-- single use and short-lived.
CREATE TABLE oidc_flows (
    state_hash TEXT PRIMARY KEY,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    next_path  TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE oidc_flows;
DROP TABLE user_oidc;
DROP TABLE signin_challenges;
DROP TABLE user_recovery_codes;
DROP TABLE user_totp;
