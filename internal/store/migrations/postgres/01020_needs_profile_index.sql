-- +goose Up
-- Faster area profiles (issue 12 item 9). A profile reads an area's headline
-- rows across every indicator, and the value table is ordered by indicator
-- and period, so each row was a fetch from its own page. This index, ordered
-- by area, carries what the recent trend reads (the period's dates, value,
-- 95% limits, count and denominator), so a profile can read its series from
-- the index, and only its latest rows whole. It replaces the
-- (area_code, indicator_id) index, whose columns it starts with.
CREATE INDEX indicator_value_rows_area_series ON indicator_value_rows
    (area_code, indicator_id, sex, category, age, category_type, period, version)
    INCLUDE (period_from, period_to, value, lower_95, upper_95, count, denominator);
DROP INDEX indicator_value_rows_area;

-- +goose Down
CREATE INDEX indicator_value_rows_area ON indicator_value_rows (area_code, indicator_id);
DROP INDEX indicator_value_rows_area_series;
