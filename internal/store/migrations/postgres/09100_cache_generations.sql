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
CREATE FUNCTION bump_national_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cache_generations SET generation = generation + 1 WHERE name = 'national';
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER national_gen_organisations AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_national_generation();
CREATE TRIGGER national_gen_organisation_areas AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_areas
    FOR EACH STATEMENT EXECUTE FUNCTION bump_national_generation();
CREATE TRIGGER national_gen_partnerships AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partnerships
    FOR EACH STATEMENT EXECUTE FUNCTION bump_national_generation();
CREATE TRIGGER national_gen_members AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_national_generation();

-- +goose Down
DROP TRIGGER national_gen_organisations ON organisations;
DROP TRIGGER national_gen_organisation_areas ON organisation_areas;
DROP TRIGGER national_gen_partnerships ON partnerships;
DROP TRIGGER national_gen_members ON members;
DROP FUNCTION bump_national_generation();
DROP TABLE cache_generations;
