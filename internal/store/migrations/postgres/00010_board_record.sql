-- +goose Up
-- A board record that can be corrected: members get a job title and term
-- dates, partnerships can end, meetings be cancelled and decisions be
-- rescinded, each keeping its history. '' means "not set" for every date.
ALTER TABLE partnerships ADD COLUMN ended_on TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN term_start TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN term_end TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN cancelled_on TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN rescinded_on TEXT NOT NULL DEFAULT '';
-- A decision's date is its meeting's date.
UPDATE decisions SET date = (SELECT m.date FROM meetings m WHERE m.id = decisions.meeting_id)
WHERE meeting_id IS NOT NULL;

-- +goose Down
ALTER TABLE decisions DROP COLUMN rescinded_on;
ALTER TABLE meetings DROP COLUMN cancelled_on;
ALTER TABLE members DROP COLUMN term_end;
ALTER TABLE members DROP COLUMN term_start;
ALTER TABLE members DROP COLUMN job_title;
ALTER TABLE partnerships DROP COLUMN ended_on;
