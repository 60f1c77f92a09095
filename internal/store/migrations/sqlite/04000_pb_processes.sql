-- +goose Up
-- Participatory budgeting in the platform (issue 15): processes, their pots
-- and projects, one-time voting codes, ballots (one per person per process,
-- enforced here), paper and assisted ballots awaiting a second officer,
-- drafts, and the published result with its anonymised .pb file.

-- A process. Everything a voter is told before voting opens (pot, rule,
-- tie-break lot, ballot type and its limits, eligibility) lives on this
-- row and is frozen once status leaves 'draft'. salt is secret: it keys
-- the identity hashes and is never shown.
CREATE TABLE pb_processes (
    id                     INTEGER PRIMARY KEY,
    partnership_id         INTEGER NOT NULL REFERENCES partnerships (id),
    title                  TEXT NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    area_type              TEXT NOT NULL DEFAULT '',
    area_code              TEXT NOT NULL DEFAULT '',
    pot_pence              INTEGER NOT NULL CHECK (pot_pence >= 0),
    rule                   TEXT NOT NULL,
    ballot_type            TEXT NOT NULL,
    min_projects           INTEGER NOT NULL DEFAULT 0,
    max_projects           INTEGER NOT NULL DEFAULT 0,
    threshold_percent      INTEGER NOT NULL DEFAULT 0,
    max_points             INTEGER NOT NULL DEFAULT 0,
    max_points_per_project INTEGER NOT NULL DEFAULT 0,
    min_age                INTEGER NOT NULL DEFAULT 0,
    use_codes              INTEGER NOT NULL DEFAULT 1,
    use_residence          INTEGER NOT NULL DEFAULT 0,
    use_assisted           INTEGER NOT NULL DEFAULT 0,
    lot                    TEXT NOT NULL,
    salt                   TEXT NOT NULL,
    source_meta            TEXT NOT NULL DEFAULT '[]',
    status                 TEXT NOT NULL DEFAULT 'draft',
    opened_at              TEXT NOT NULL DEFAULT '',
    closed_at              TEXT NOT NULL DEFAULT '',
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX pb_processes_partnership ON pb_processes (partnership_id);

-- Pots per area (wards, districts): each has its own budget and its own
-- eligible residents. A process without pots has one pot: the whole.
CREATE TABLE pb_pots (
    id         INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES pb_processes (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    area_type  TEXT NOT NULL,
    area_code  TEXT NOT NULL,
    pot_pence  INTEGER NOT NULL CHECK (pot_pence >= 0),
    UNIQUE (process_id, area_type, area_code)
);

-- Projects. code is the project id voters and .pb files use. feasible is
-- NULL until reviewed; only feasible projects go on the ballot.
CREATE TABLE pb_projects (
    id                 INTEGER PRIMARY KEY,
    process_id         INTEGER NOT NULL REFERENCES pb_processes (id) ON DELETE CASCADE,
    code               TEXT NOT NULL,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    cost_pence         INTEGER NOT NULL CHECK (cost_pence >= 0),
    pot_id             INTEGER REFERENCES pb_pots (id),
    feasible           INTEGER,
    feasibility_reason TEXT NOT NULL DEFAULT '',
    position           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (process_id, code)
);

-- One-time voting codes, kept only as a keyed hash. A reprint voids the
-- old code (voided_at).
CREATE TABLE pb_codes (
    process_id INTEGER NOT NULL REFERENCES pb_processes (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    pot_id     INTEGER REFERENCES pb_pots (id),
    created_at TEXT NOT NULL,
    voided_at  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (process_id, code_hash)
);

-- Submitted ballots: one per person per process, whatever the channel
-- (the unique key on the salted identity hash). A resubmission replaces
-- choices and receipt in place; the old receipt moves to
-- pb_superseded_receipts.
CREATE TABLE pb_ballots (
    id            INTEGER PRIMARY KEY,
    process_id    INTEGER NOT NULL REFERENCES pb_processes (id) ON DELETE CASCADE,
    identity_hash TEXT NOT NULL,
    pot_id        INTEGER REFERENCES pb_pots (id),
    channel       TEXT NOT NULL,
    choices       TEXT NOT NULL,
    receipt_hash  TEXT NOT NULL UNIQUE,
    area_code     TEXT NOT NULL DEFAULT '',
    age_band      TEXT NOT NULL DEFAULT '',
    entered_by    INTEGER,
    checked_by    INTEGER,
    submitted_at  TEXT NOT NULL,
    UNIQUE (process_id, identity_hash)
);

CREATE TABLE pb_superseded_receipts (
    receipt_hash  TEXT PRIMARY KEY,
    process_id    INTEGER NOT NULL REFERENCES pb_processes (id) ON DELETE CASCADE,
    superseded_at TEXT NOT NULL
);

-- Drafts of signed-in residents: never counted, expired at the close.
CREATE TABLE pb_drafts (
    process_id    INTEGER NOT NULL REFERENCES pb_processes (id) ON DELETE CASCADE,
    identity_hash TEXT NOT NULL,
    choices       TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (process_id, identity_hash)
);

-- Paper and assisted ballots entered by one officer, counted only once a
-- second officer has checked them.
CREATE TABLE pb_paper_ballots (
    id            INTEGER PRIMARY KEY,
    process_id    INTEGER NOT NULL REFERENCES pb_processes (id) ON DELETE CASCADE,
    identity_hash TEXT NOT NULL,
    pot_id        INTEGER REFERENCES pb_pots (id),
    channel       TEXT NOT NULL,
    choices       TEXT NOT NULL,
    area_code     TEXT NOT NULL DEFAULT '',
    age_band      TEXT NOT NULL DEFAULT '',
    entered_by    INTEGER NOT NULL,
    entered_at    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending',
    checked_by    INTEGER,
    checked_at    TEXT NOT NULL DEFAULT '',
    ballot_id     INTEGER
);
CREATE INDEX pb_paper_ballots_process ON pb_paper_ballots (process_id, status);

-- The outcome computed at the close (or by a recount), the staff
-- override with its public reason, and the anonymised ballots as a
-- Pabulib file with its SHA-256.
CREATE TABLE pb_results (
    process_id      INTEGER PRIMARY KEY REFERENCES pb_processes (id) ON DELETE CASCADE,
    rule            TEXT NOT NULL,
    winners         TEXT NOT NULL,
    total_pence     INTEGER NOT NULL,
    outcome         TEXT NOT NULL,
    computed_at     TEXT NOT NULL,
    override_winners TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT '',
    overridden_by   INTEGER,
    overridden_at   TEXT NOT NULL DEFAULT '',
    ballots_pb      TEXT NOT NULL,
    ballots_sha256  TEXT NOT NULL
);

-- +goose Down
DROP TABLE pb_results;
DROP TABLE pb_paper_ballots;
DROP TABLE pb_drafts;
DROP TABLE pb_superseded_receipts;
DROP TABLE pb_ballots;
DROP TABLE pb_codes;
DROP TABLE pb_projects;
DROP TABLE pb_pots;
DROP TABLE pb_processes;
