-- +goose Up
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE areas (
    type       TEXT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    ods_code   TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to   TEXT NOT NULL DEFAULT '',
    population INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (type, code)
);
CREATE INDEX areas_code ON areas (code);
CREATE INDEX areas_type_name ON areas (type, name_lower);

-- Areas are keyed by (type, code): a unitary council is both a utla and an
-- ltla with one code, and many E54 codes are both an stp and an icb.
CREATE TABLE area_parents (
    child_type  TEXT NOT NULL,
    child_code  TEXT NOT NULL,
    parent_type TEXT NOT NULL,
    parent_code TEXT NOT NULL,
    lsoas       INTEGER NOT NULL,
    of_lsoas    INTEGER NOT NULL,
    PRIMARY KEY (child_type, child_code, parent_type, parent_code),
    FOREIGN KEY (child_type, child_code) REFERENCES areas (type, code),
    FOREIGN KEY (parent_type, parent_code) REFERENCES areas (type, code)
);
CREATE INDEX area_parents_parent ON area_parents (parent_type, parent_code);

CREATE TABLE area_population (
    area_type TEXT NOT NULL,
    area_code TEXT NOT NULL,
    sex       TEXT NOT NULL,
    age_band  TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (area_type, area_code, sex, age_band),
    FOREIGN KEY (area_type, area_code) REFERENCES areas (type, code)
);

CREATE TABLE organisations (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    name_lower     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    ods_code       TEXT NOT NULL DEFAULT '',
    ons_code       TEXT NOT NULL DEFAULT '',
    school_urn     TEXT NOT NULL DEFAULT '',
    charity_number TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX organisations_ods ON organisations (ods_code) WHERE ods_code <> '';
CREATE INDEX organisations_name ON organisations (name_lower);
CREATE INDEX organisations_kind ON organisations (kind);

CREATE TABLE organisation_areas (
    org_id    INTEGER NOT NULL REFERENCES organisations (id),
    area_code TEXT NOT NULL,
    PRIMARY KEY (org_id, area_code)
);
CREATE INDEX organisation_areas_area ON organisation_areas (area_code);

CREATE TABLE partnerships (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    area_type   TEXT NOT NULL,
    area_code   TEXT NOT NULL,
    name        TEXT NOT NULL,
    lead_org_id INTEGER REFERENCES organisations (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    FOREIGN KEY (area_type, area_code) REFERENCES areas (type, code)
);
CREATE INDEX partnerships_area ON partnerships (area_type, area_code);

CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships (id),
    person_name    TEXT NOT NULL,
    org_id         INTEGER NOT NULL REFERENCES organisations (id),
    role           TEXT NOT NULL,
    statutory      BOOLEAN NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX members_partnership ON members (partnership_id);
CREATE INDEX members_org ON members (org_id);

CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships (id),
    date           TEXT NOT NULL,
    agenda         TEXT NOT NULL,
    minutes        TEXT NOT NULL,
    attendance     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX meetings_partnership ON meetings (partnership_id, date);

CREATE TABLE decisions (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships (id),
    meeting_id     INTEGER REFERENCES meetings (id),
    text           TEXT NOT NULL,
    date           TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    votes          TEXT NOT NULL,
    papers         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX decisions_partnership ON decisions (partnership_id, date);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    admin         BOOLEAN NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id        INTEGER NOT NULL REFERENCES users (id),
    partnership_id INTEGER NOT NULL REFERENCES partnerships (id),
    role           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (user_id, partnership_id)
);
CREATE INDEX user_roles_partnership ON user_roles (partnership_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER NOT NULL,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The log is append-only: the database itself refuses edits and deletes.
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE decisions;
DROP TABLE meetings;
DROP TABLE members;
DROP TABLE partnerships;
DROP TABLE organisation_areas;
DROP TABLE organisations;
DROP TABLE area_population;
DROP TABLE area_parents;
DROP TABLE areas;
DROP TABLE meta;
