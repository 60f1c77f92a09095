-- +goose Up
-- Needs (JSNA): the indicator catalogue entries that have data, imports, the
-- current values and the earlier versions replaced by re-imports.
CREATE TABLE indicators (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    value_type       TEXT NOT NULL,
    multiplier       REAL NOT NULL,
    unit             TEXT NOT NULL DEFAULT '',
    polarity         TEXT NOT NULL DEFAULT '',
    benchmark_method TEXT NOT NULL,
    period_type      TEXT NOT NULL,
    metadata         TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE indicator_imports (
    id           INTEGER PRIMARY KEY,
    format       TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    rows         INTEGER NOT NULL,
    computed     INTEGER NOT NULL,
    verified     INTEGER NOT NULL,
    precomputed  INTEGER NOT NULL,
    replaced     INTEGER NOT NULL,
    summary      TEXT NOT NULL,
    imported_by  INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
);

CREATE TABLE indicator_values (
    indicator_id  INTEGER NOT NULL,
    area_code     TEXT NOT NULL,
    period        TEXT NOT NULL,
    sex           TEXT NOT NULL,
    age           TEXT NOT NULL,
    category_type TEXT NOT NULL,
    category      TEXT NOT NULL,
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    period_type   TEXT NOT NULL,
    period_years  INTEGER NOT NULL,
    area_name     TEXT NOT NULL,
    value         REAL,
    lower_95      REAL,
    upper_95      REAL,
    lower_99_8    REAL,
    upper_99_8    REAL,
    count         REAL,
    denominator   REAL,
    note          TEXT NOT NULL,
    trend         TEXT NOT NULL,
    origin        TEXT NOT NULL,
    origin_detail TEXT NOT NULL,
    import_id     INTEGER NOT NULL REFERENCES indicator_imports (id),
    PRIMARY KEY (indicator_id, period, area_code, sex, age, category_type, category)
) WITHOUT ROWID;
CREATE INDEX indicator_values_area ON indicator_values (area_code, indicator_id);

-- Rows a re-import replaced, with the import that replaced them.
CREATE TABLE indicator_value_versions (
    indicator_id  INTEGER NOT NULL,
    area_code     TEXT NOT NULL,
    period        TEXT NOT NULL,
    sex           TEXT NOT NULL,
    age           TEXT NOT NULL,
    category_type TEXT NOT NULL,
    category      TEXT NOT NULL,
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    period_type   TEXT NOT NULL,
    period_years  INTEGER NOT NULL,
    area_name     TEXT NOT NULL,
    value         REAL,
    lower_95      REAL,
    upper_95      REAL,
    lower_99_8    REAL,
    upper_99_8    REAL,
    count         REAL,
    denominator   REAL,
    note          TEXT NOT NULL,
    trend         TEXT NOT NULL,
    origin        TEXT NOT NULL,
    origin_detail TEXT NOT NULL,
    import_id     INTEGER NOT NULL,
    replaced_by   INTEGER NOT NULL REFERENCES indicator_imports (id)
);
CREATE INDEX indicator_value_versions_key ON indicator_value_versions (indicator_id, period, area_code);

-- Analysts' priorities for an area: pins, notes and the published ranking.
CREATE TABLE needs_priorities (
    id           INTEGER PRIMARY KEY,
    area_code    TEXT NOT NULL,
    indicator_id INTEGER NOT NULL,
    pinned       INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    updated_by   INTEGER NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX needs_priorities_key ON needs_priorities (area_code, indicator_id);

-- A ranking as published to the board, frozen with its explanations.
CREATE TABLE needs_priority_publications (
    id           INTEGER PRIMARY KEY,
    area_code    TEXT NOT NULL,
    title        TEXT NOT NULL,
    ranking      TEXT NOT NULL,
    published_by INTEGER NOT NULL,
    published_at TEXT NOT NULL
);
CREATE INDEX needs_priority_publications_area ON needs_priority_publications (area_code, id);

-- +goose Down
DROP TABLE needs_priority_publications;
DROP TABLE needs_priorities;
DROP TABLE indicator_value_versions;
DROP TABLE indicator_values;
DROP TABLE indicator_imports;
DROP TABLE indicators;
