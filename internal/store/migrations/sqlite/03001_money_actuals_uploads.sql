-- +goose Up
-- A finance file of actuals is kept here from the upload until a River job
-- (internal/jobs) posts it in one transaction, so that every server sharing
-- the database can run it and show its progress. The file is dropped when
-- the upload ends; the row stays as the record of what happened.
CREATE TABLE money_actuals_uploads (
    id           INTEGER PRIMARY KEY,
    fund_id      INTEGER NOT NULL REFERENCES money_funds (id),
    user_id      INTEGER NOT NULL,
    user_name    TEXT NOT NULL,
    client_addr  TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    data         BLOB NOT NULL,
    size         INTEGER NOT NULL,
    rows_total   INTEGER NOT NULL,
    total_pence  INTEGER NOT NULL,
    state        TEXT NOT NULL,              -- queued, running, done, failed
    phase        TEXT NOT NULL,
    rows_done    INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    import_id    INTEGER REFERENCES money_imports (id),
    problems     TEXT NOT NULL,              -- JSON: the rows and columns that stopped it
    error        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX money_actuals_uploads_fund ON money_actuals_uploads (fund_id, id);

-- +goose Down
DROP TABLE money_actuals_uploads;
