-- +goose Up
-- Gunning 3 (adequate time): a consultation shorter than the minimum
-- records why.
ALTER TABLE voice_consultations ADD COLUMN short_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE voice_consultations DROP COLUMN short_reason;
