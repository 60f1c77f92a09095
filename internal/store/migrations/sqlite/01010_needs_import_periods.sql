-- +goose Up
-- Faster staging (import-1m): the index on indicator_value_rows (version)
-- cost about a quarter of an import's writing, to answer one question, which
-- indicator periods an unfinished import staged rows in, when it is cleaned
-- up. The import now records each indicator period as it first meets it.
CREATE TABLE indicator_import_periods (
    import_id    INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
    period       TEXT NOT NULL,
    PRIMARY KEY (import_id, indicator_id, period)
);
INSERT INTO indicator_import_periods (import_id, indicator_id, period)
    SELECT DISTINCT v.version, v.indicator_id, v.period FROM indicator_value_rows v
    JOIN indicator_imports i ON i.id = v.version WHERE i.status = 'staging';
DROP INDEX indicator_value_rows_version;

-- +goose Down
CREATE INDEX indicator_value_rows_version ON indicator_value_rows (version);
DROP TABLE indicator_import_periods;
