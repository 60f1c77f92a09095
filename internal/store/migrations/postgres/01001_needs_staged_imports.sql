-- +goose Up
-- Imports that never block other writes (issue 10). An import stages its rows
-- in short batches under a version (its import id) that readers do not see;
-- a short swap then points each indicator period it brings at that version.
-- indicator_values becomes a view of the current versions, so every reader
-- keeps its SQL. Old versions are deleted afterwards, in batches.
ALTER TABLE indicator_imports ADD COLUMN status TEXT NOT NULL DEFAULT 'done'; -- staging, done, failed

CREATE TABLE indicator_value_rows (
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
    value         DOUBLE PRECISION,
    lower_95      DOUBLE PRECISION,
    upper_95      DOUBLE PRECISION,
    lower_99_8    DOUBLE PRECISION,
    upper_99_8    DOUBLE PRECISION,
    count         DOUBLE PRECISION,
    denominator   DOUBLE PRECISION,
    note          TEXT NOT NULL,
    trend         TEXT NOT NULL,
    origin        TEXT NOT NULL,
    origin_detail TEXT NOT NULL,
    import_id     BIGINT NOT NULL,
    version       BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, period, version, area_code, sex, age, category_type, category)
);
CREATE INDEX indicator_value_rows_area ON indicator_value_rows (area_code, indicator_id);
CREATE INDEX indicator_value_rows_version ON indicator_value_rows (version);

-- The version readers see, per indicator period.
CREATE TABLE indicator_current (
    indicator_id INTEGER NOT NULL,
    period       TEXT NOT NULL,
    version      BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, period)
);

-- Versions a swap replaced, waiting to be deleted in batches.
CREATE TABLE indicator_stale_versions (
    indicator_id INTEGER NOT NULL,
    period       TEXT NOT NULL,
    version      BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, period, version)
);

INSERT INTO indicator_current (indicator_id, period, version)
    SELECT indicator_id, period, MAX(import_id) FROM indicator_values GROUP BY indicator_id, period;
INSERT INTO indicator_value_rows (indicator_id, area_code, period, sex, age, category_type, category, period_from, period_to, period_type, period_years, area_name, value, lower_95, upper_95, lower_99_8, upper_99_8, count, denominator, note, trend, origin, origin_detail, import_id, version)
    SELECT v.indicator_id, v.area_code, v.period, v.sex, v.age, v.category_type, v.category, v.period_from, v.period_to, v.period_type, v.period_years, v.area_name, v.value, v.lower_95, v.upper_95, v.lower_99_8, v.upper_99_8, v.count, v.denominator, v.note, v.trend, v.origin, v.origin_detail, v.import_id, c.version FROM indicator_values v
    JOIN indicator_current c ON c.indicator_id = v.indicator_id AND c.period = v.period;
DROP TABLE indicator_values;
CREATE VIEW indicator_values AS
    SELECT v.indicator_id, v.area_code, v.period, v.sex, v.age, v.category_type, v.category, v.period_from, v.period_to, v.period_type, v.period_years, v.area_name, v.value, v.lower_95, v.upper_95, v.lower_99_8, v.upper_99_8, v.count, v.denominator, v.note, v.trend, v.origin, v.origin_detail, v.import_id FROM indicator_value_rows v
    JOIN indicator_current c ON c.indicator_id = v.indicator_id AND c.period = v.period AND c.version = v.version;

-- Uploaded indicator files (web and CLI), kept in the database so every
-- server sees them, with the progress and outcome of their import job.
CREATE TABLE indicator_uploads (
    token      TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    user_name  TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    format     TEXT NOT NULL,
    mapping    TEXT NOT NULL,
    coverage   TEXT NOT NULL DEFAULT '', -- JSON needs.AreaCoverage; '' for every area
    data       BYTEA NOT NULL,
    size       BIGINT NOT NULL,
    summary    TEXT NOT NULL,
    preview    TEXT NOT NULL,
    state      TEXT NOT NULL, -- previewed, queued, running, done, failed
    phase      TEXT NOT NULL,
    rows_done  BIGINT NOT NULL,
    rows_total BIGINT NOT NULL,
    attempts   INTEGER NOT NULL,
    result     TEXT NOT NULL,
    error      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX indicator_uploads_user ON indicator_uploads (user_id, state);

-- +goose Down
DROP TABLE indicator_uploads;
DROP VIEW indicator_values;
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
    value         DOUBLE PRECISION,
    lower_95      DOUBLE PRECISION,
    upper_95      DOUBLE PRECISION,
    lower_99_8    DOUBLE PRECISION,
    upper_99_8    DOUBLE PRECISION,
    count         DOUBLE PRECISION,
    denominator   DOUBLE PRECISION,
    note          TEXT NOT NULL,
    trend         TEXT NOT NULL,
    origin        TEXT NOT NULL,
    origin_detail TEXT NOT NULL,
    import_id     BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, period, area_code, sex, age, category_type, category)
);
CREATE INDEX indicator_values_area ON indicator_values (area_code, indicator_id);
INSERT INTO indicator_values (indicator_id, area_code, period, sex, age, category_type, category, period_from, period_to, period_type, period_years, area_name, value, lower_95, upper_95, lower_99_8, upper_99_8, count, denominator, note, trend, origin, origin_detail, import_id)
    SELECT v.indicator_id, v.area_code, v.period, v.sex, v.age, v.category_type, v.category, v.period_from, v.period_to, v.period_type, v.period_years, v.area_name, v.value, v.lower_95, v.upper_95, v.lower_99_8, v.upper_99_8, v.count, v.denominator, v.note, v.trend, v.origin, v.origin_detail, v.import_id FROM indicator_value_rows v
    JOIN indicator_current c ON c.indicator_id = v.indicator_id AND c.period = v.period AND c.version = v.version;
DROP TABLE indicator_stale_versions;
DROP TABLE indicator_current;
DROP TABLE indicator_value_rows;
ALTER TABLE indicator_imports DROP COLUMN status;
