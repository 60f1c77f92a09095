-- +goose Up
-- Resident accounts (Voice, issue 13). A person who registers themselves
-- confirms their e-mail address before they may post; accounts made by an
-- administrator or by single sign-on count as confirmed when made, so the
-- existing ones are back-filled. The profile holds what Voice and
-- participatory budgeting ask of a resident: a postcode matched to its
-- LSOA, ward and district through the ONS postcode lookup (or a district
-- chosen by name when the lookup is not loaded), and an optional age band.
ALTER TABLE users ADD COLUMN email_confirmed_at TEXT;
UPDATE users SET email_confirmed_at = created_at;
ALTER TABLE users ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN lsoa_code TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN ward_code TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN district_code TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN age_band TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN age_band;
ALTER TABLE users DROP COLUMN district_code;
ALTER TABLE users DROP COLUMN ward_code;
ALTER TABLE users DROP COLUMN lsoa_code;
ALTER TABLE users DROP COLUMN postcode;
ALTER TABLE users DROP COLUMN email_confirmed_at;
