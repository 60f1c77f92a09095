-- +goose Up
-- Cache generations (platform range, caches). Each row is a counter that
-- moves in the same transaction as every write to the tables a cached view
-- is built from, so each server can keep the view in memory and rebuild it
-- only when the counter it reads has moved: correct across several servers
-- on one database.
--
-- national: the national view of footprints (places.National), built from
-- organisations, organisation_areas, partnerships and members (triggers
-- below, whatever code path writes them) and from the reference geography
-- (areas, area_parents), which only store.LoadReference writes: it moves
-- the counter itself, once, because row triggers on 100,000 reference rows
-- slowed SQLite's first start by a third.
CREATE TABLE cache_generations (
    name       TEXT PRIMARY KEY,
    generation BIGINT NOT NULL
);
INSERT INTO cache_generations (name, generation) VALUES ('national', 1);

-- +goose StatementBegin
CREATE TRIGGER national_gen_organisations_insert AFTER INSERT ON organisations
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_organisations_update AFTER UPDATE ON organisations
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_organisations_delete AFTER DELETE ON organisations
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_organisation_areas_insert AFTER INSERT ON organisation_areas
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_organisation_areas_update AFTER UPDATE ON organisation_areas
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_organisation_areas_delete AFTER DELETE ON organisation_areas
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_partnerships_insert AFTER INSERT ON partnerships
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_partnerships_update AFTER UPDATE ON partnerships
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_partnerships_delete AFTER DELETE ON partnerships
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_members_insert AFTER INSERT ON members
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_members_update AFTER UPDATE ON members
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER national_gen_members_delete AFTER DELETE ON members
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER national_gen_organisations_insert;
DROP TRIGGER national_gen_organisations_update;
DROP TRIGGER national_gen_organisations_delete;
DROP TRIGGER national_gen_organisation_areas_insert;
DROP TRIGGER national_gen_organisation_areas_update;
DROP TRIGGER national_gen_organisation_areas_delete;
DROP TRIGGER national_gen_partnerships_insert;
DROP TRIGGER national_gen_partnerships_update;
DROP TRIGGER national_gen_partnerships_delete;
DROP TRIGGER national_gen_members_insert;
DROP TRIGGER national_gen_members_update;
DROP TRIGGER national_gen_members_delete;
DROP TABLE cache_generations;
