-- +goose Up
-- Effective-dated parent links (issue 12): reorganisations such as the ICB
-- clusters and mergers from 1 April 2026 are loaded as changes, "from this
-- day this child's parent of this type is that one", leaving the reference
-- links (area_parents) and so every earlier report untouched. The codes
-- must already be in the reference data: a change cannot invent an area.
CREATE TABLE area_parent_changes (
    id INTEGER PRIMARY KEY,
    effective_date  TEXT NOT NULL,
    child_type      TEXT NOT NULL,
    child_code      TEXT NOT NULL,
    parent_type     TEXT NOT NULL,
    old_parent_code TEXT NOT NULL,
    new_parent_code TEXT NOT NULL,
    source          TEXT NOT NULL,
    loaded_at       TEXT NOT NULL,
    UNIQUE (child_type, child_code, parent_type, effective_date),
    FOREIGN KEY (child_type, child_code) REFERENCES areas (type, code),
    FOREIGN KEY (parent_type, old_parent_code) REFERENCES areas (type, code),
    FOREIGN KEY (parent_type, new_parent_code) REFERENCES areas (type, code)
);
CREATE INDEX area_parent_changes_new_parent ON area_parent_changes (parent_type, new_parent_code);

-- +goose Down
DROP TABLE area_parent_changes;
