-- +goose Up
-- Money: pooled funds under section 75 agreements, contributions, schemes,
-- an append-only double-entry ledger in integer pence, closed periods,
-- actuals imports, saved what-if scenarios and plan sign-off.
CREATE TABLE money_funds (
    id                        INTEGER PRIMARY KEY,
    partnership_id            INTEGER NOT NULL REFERENCES partnerships (id),
    financial_year            TEXT NOT NULL,
    name                      TEXT NOT NULL,
    kind                      TEXT NOT NULL,
    host_org_id               INTEGER NOT NULL REFERENCES organisations (id),
    manager_name              TEXT NOT NULL,
    consult_before_allocating INTEGER NOT NULL DEFAULT 0,
    illustrative              INTEGER NOT NULL DEFAULT 0,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    UNIQUE (partnership_id, financial_year, name)
);

CREATE TABLE money_agreements (
    id                        INTEGER PRIMARY KEY,
    fund_id                   INTEGER NOT NULL UNIQUE REFERENCES money_funds (id),
    kind                      TEXT NOT NULL,
    host_org_id               INTEGER NOT NULL REFERENCES organisations (id),
    hosting                   TEXT NOT NULL,
    parties                   TEXT NOT NULL,
    risk_share                TEXT NOT NULL,
    risk_pool_pence           INTEGER NOT NULL CHECK (risk_pool_pence >= 0),
    waterfall                 TEXT NOT NULL,
    termination_notice_months INTEGER NOT NULL,
    scheme_notice_months      INTEGER NOT NULL,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
);

CREATE TABLE money_variations (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES money_agreements (id),
    description  TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    agreed_by    TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX money_variations_agreement ON money_variations (agreement_id);

CREATE TABLE money_contributions (
    id             INTEGER PRIMARY KEY,
    fund_id        INTEGER NOT NULL REFERENCES money_funds (id),
    partner_org_id INTEGER NOT NULL REFERENCES organisations (id),
    source         TEXT NOT NULL,
    basis          TEXT NOT NULL,
    schedule       TEXT NOT NULL,
    amount_pence   INTEGER NOT NULL CHECK (amount_pence > 0),
    created_at     TEXT NOT NULL
);
CREATE INDEX money_contributions_fund ON money_contributions (fund_id);

CREATE TABLE money_schemes (
    id                   INTEGER PRIMARY KEY,
    fund_id              INTEGER NOT NULL REFERENCES money_funds (id),
    ref                  TEXT NOT NULL,
    name                 TEXT NOT NULL,
    scheme_type          TEXT NOT NULL,
    expenditure_category TEXT NOT NULL,
    commissioner_org_id  INTEGER NOT NULL REFERENCES organisations (id),
    provider_org_id      INTEGER NOT NULL REFERENCES organisations (id),
    starts_on            TEXT NOT NULL,
    ends_on              TEXT NOT NULL,
    priority             INTEGER NOT NULL,
    consultation_id      INTEGER NOT NULL DEFAULT 0,
    outcomes             TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    UNIQUE (fund_id, ref)
);

CREATE TABLE money_imports (
    id           INTEGER PRIMARY KEY,
    fund_id      INTEGER NOT NULL REFERENCES money_funds (id),
    file_name    TEXT NOT NULL,
    rows         INTEGER NOT NULL,
    total_pence  INTEGER NOT NULL,
    imported_by  INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
);

-- The ledger: one row is one double entry (debit and credit accounts of
-- the same amount), so it balances by construction. Append-only.
CREATE TABLE money_ledger (
    id              INTEGER PRIMARY KEY,
    fund_id         INTEGER NOT NULL REFERENCES money_funds (id),
    period          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    debit           TEXT NOT NULL,
    credit          TEXT NOT NULL,
    amount_pence    INTEGER NOT NULL CHECK (amount_pence > 0),
    scheme_id       INTEGER REFERENCES money_schemes (id),
    partner_org_id  INTEGER REFERENCES organisations (id),
    provider_org_id INTEGER REFERENCES organisations (id),
    source          TEXT NOT NULL,
    reverses_id     INTEGER REFERENCES money_ledger (id),
    import_id       INTEGER REFERENCES money_imports (id),
    reference       TEXT NOT NULL,
    memo            TEXT NOT NULL,
    profile         TEXT NOT NULL,
    posted_by       INTEGER NOT NULL,
    posted_at       TEXT NOT NULL,
    CHECK (debit <> credit)
);
CREATE INDEX money_ledger_fund ON money_ledger (fund_id, period);
CREATE INDEX money_ledger_scheme ON money_ledger (scheme_id);
-- A posting is reversed at most once.
CREATE UNIQUE INDEX money_ledger_reverses ON money_ledger (reverses_id) WHERE reverses_id IS NOT NULL;
-- +goose StatementBegin
CREATE TRIGGER money_ledger_no_update BEFORE UPDATE ON money_ledger
BEGIN
    SELECT RAISE(ABORT, 'money_ledger is append-only: post a reversal');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER money_ledger_no_delete BEFORE DELETE ON money_ledger
BEGIN
    SELECT RAISE(ABORT, 'money_ledger is append-only: post a reversal');
END;
-- +goose StatementEnd

CREATE TABLE money_periods (
    id        INTEGER PRIMARY KEY,
    fund_id   INTEGER NOT NULL REFERENCES money_funds (id),
    period    TEXT NOT NULL,
    closed_by INTEGER NOT NULL,
    closed_at TEXT NOT NULL,
    UNIQUE (fund_id, period)
);

CREATE TABLE money_scenarios (
    id         INTEGER PRIMARY KEY,
    fund_id    INTEGER NOT NULL REFERENCES money_funds (id),
    name       TEXT NOT NULL,
    params     TEXT NOT NULL,
    result     TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX money_scenarios_fund ON money_scenarios (fund_id);

CREATE TABLE money_plan_versions (
    id         INTEGER PRIMARY KEY,
    fund_id    INTEGER NOT NULL REFERENCES money_funds (id),
    version    INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (fund_id, version)
);

CREATE TABLE money_signoffs (
    id              INTEGER PRIMARY KEY,
    plan_version_id INTEGER NOT NULL REFERENCES money_plan_versions (id),
    org_id          INTEGER NOT NULL REFERENCES organisations (id),
    role            TEXT NOT NULL,
    signer_name     TEXT NOT NULL,
    signed_by       INTEGER NOT NULL,
    signed_at       TEXT NOT NULL,
    voided_at       TEXT NOT NULL DEFAULT '',
    UNIQUE (plan_version_id, org_id, role)
);

-- +goose Down
DROP TABLE money_signoffs;
DROP TABLE money_plan_versions;
DROP TABLE money_scenarios;
DROP TABLE money_periods;
DROP TRIGGER money_ledger_no_delete;
DROP TRIGGER money_ledger_no_update;
DROP TABLE money_ledger;
DROP TABLE money_imports;
DROP TABLE money_schemes;
DROP TABLE money_contributions;
DROP TABLE money_variations;
DROP TABLE money_agreements;
DROP TABLE money_funds;
