-- +goose Up
-- Voice (issue 13): engagement processes and their phases, consultations
-- (surveys) with their documents and questions, responses and answers,
-- staff themes, "you said, we did" links, follows and the record of
-- phase-opening mail sent.

CREATE TABLE voice_processes (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships (id),
    area_type      TEXT NOT NULL,
    area_code      TEXT NOT NULL,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    FOREIGN KEY (area_type, area_code) REFERENCES areas (type, code)
);
CREATE INDEX voice_processes_partnership ON voice_processes (partnership_id);

-- One row per phase a process has; dates are inclusive calendar dates.
CREATE TABLE voice_phases (
    id          INTEGER PRIMARY KEY,
    process_id  INTEGER NOT NULL REFERENCES voice_processes (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    description TEXT NOT NULL,
    UNIQUE (process_id, kind)
);

-- A consultation belongs to a process. Draft until published; open from
-- opens_on to closes_on (inclusive).
CREATE TABLE voice_consultations (
    id               INTEGER PRIMARY KEY,
    process_id       INTEGER NOT NULL REFERENCES voice_processes (id),
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    options_text     TEXT NOT NULL,
    opens_on         TEXT NOT NULL,
    closes_on        TEXT NOT NULL,
    published        BOOLEAN NOT NULL,
    allow_anonymous  BOOLEAN NOT NULL,
    one_per_page     BOOLEAN NOT NULL,
    fictional        BOOLEAN NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX voice_consultations_process ON voice_consultations (process_id);

-- The documents a consultation publishes (Gunning 2), as links.
CREATE TABLE voice_documents (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES voice_consultations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    url             TEXT NOT NULL,
    format          TEXT NOT NULL
);
CREATE INDEX voice_documents_consultation ON voice_documents (consultation_id, position);

-- Questions: kind single, multiple, scale, ranking or text; choices as a
-- JSON array of strings; shown only when the question at position
-- show_if_position was answered with choice show_if_choice (0-based).
CREATE TABLE voice_questions (
    id               INTEGER PRIMARY KEY,
    consultation_id  INTEGER NOT NULL REFERENCES voice_consultations (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    text             TEXT NOT NULL,
    hint             TEXT NOT NULL,
    required         BOOLEAN NOT NULL,
    choices          TEXT NOT NULL,
    show_if_position INTEGER,
    show_if_choice   INTEGER,
    UNIQUE (consultation_id, position)
);

-- One response per respondent per consultation: respondent is
-- 'user:<id>' for a person or 'org:<id>' for an organisation in the
-- register answering on its own behalf. The respondent's area and age
-- band are copied in when the response is saved, for cross-tabulation.
CREATE TABLE voice_responses (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES voice_consultations (id),
    respondent      TEXT NOT NULL,
    user_id         INTEGER REFERENCES users (id),
    org_id          INTEGER REFERENCES organisations (id),
    respondent_type TEXT NOT NULL,
    anonymous       BOOLEAN NOT NULL,
    fictional       BOOLEAN NOT NULL,
    lsoa_code       TEXT NOT NULL,
    ward_code       TEXT NOT NULL,
    district_code   TEXT NOT NULL,
    age_band        TEXT NOT NULL,
    submitted_at    TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (consultation_id, respondent)
);
CREATE INDEX voice_responses_user ON voice_responses (user_id);

-- An answer: the chosen choices as a JSON array of 0-based indexes (one
-- for single, several for multiple, the order for ranking, the value 1-5
-- for scale), or the text.
CREATE TABLE voice_answers (
    response_id INTEGER NOT NULL REFERENCES voice_responses (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES voice_questions (id) ON DELETE CASCADE,
    choices     TEXT NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id)
);

-- Staff themes for free-text answers, and which answers carry them.
CREATE TABLE voice_themes (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES voice_consultations (id),
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (consultation_id, name)
);

CREATE TABLE voice_theme_tags (
    theme_id    INTEGER NOT NULL REFERENCES voice_themes (id) ON DELETE CASCADE,
    response_id INTEGER NOT NULL REFERENCES voice_responses (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES voice_questions (id) ON DELETE CASCADE,
    PRIMARY KEY (theme_id, response_id, question_id)
);

-- "You said, we did": a theme (subject_kind 'theme') or, later, a
-- proposal ('proposal') linked to a board decision ('decision'), a scheme
-- ('scheme', Money), a plan priority ('plan_priority') or 'not_taken'
-- with the reason.
CREATE TABLE voice_yswd_links (
    id           INTEGER PRIMARY KEY,
    subject_kind TEXT NOT NULL,
    subject_id   INTEGER NOT NULL,
    target_kind  TEXT NOT NULL,
    target_id    INTEGER,
    reason       TEXT NOT NULL,
    created_by   INTEGER NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX voice_yswd_subject ON voice_yswd_links (subject_kind, subject_id);

CREATE TABLE voice_follows (
    process_id INTEGER NOT NULL REFERENCES voice_processes (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (process_id, user_id)
);

-- Phase-opening mail: one row per phase once its notices are queued, so
-- a repeated job sends nothing twice.
CREATE TABLE voice_phase_notices (
    phase_id  INTEGER PRIMARY KEY REFERENCES voice_phases (id) ON DELETE CASCADE,
    sent_at   TEXT NOT NULL,
    followers INTEGER NOT NULL
);

-- +goose Down
DROP TABLE voice_phase_notices;
DROP TABLE voice_follows;
DROP TABLE voice_yswd_links;
DROP TABLE voice_theme_tags;
DROP TABLE voice_themes;
DROP TABLE voice_answers;
DROP TABLE voice_responses;
DROP TABLE voice_questions;
DROP TABLE voice_documents;
DROP TABLE voice_consultations;
DROP TABLE voice_phases;
DROP TABLE voice_processes;
