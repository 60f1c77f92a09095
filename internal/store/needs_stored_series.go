package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
)

// StoredValue names one stored value: its period and its series (area,
// sex, age, category).
type StoredValue struct {
	Period string
	Key    needs.SeriesKey
}

// StoredSeries lists the values held for an indicator in the given periods
// (every period when none is given), so an import's preview can say how
// many it would replace.
func (s *Store) StoredSeries(ctx context.Context, indicatorID int, periods []string) ([]StoredValue, error) {
	q := `SELECT period, area_code, sex, age, category_type, category FROM indicator_values WHERE indicator_id = $1`
	args := []any{indicatorID}
	if len(periods) > 0 {
		ph := make([]string, len(periods))
		for i, p := range periods {
			args = append(args, p)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		q += " AND period IN (" + strings.Join(ph, ", ") + ")"
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: stored series of %d: %w", indicatorID, err)
	}
	defer rows.Close()
	var out []StoredValue
	for rows.Next() {
		v := StoredValue{Key: needs.SeriesKey{IndicatorID: indicatorID}}
		if err := rows.Scan(&v.Period, &v.Key.AreaCode, &v.Key.Sex, &v.Key.Age, &v.Key.CategoryType, &v.Key.Category); err != nil {
			return nil, fmt.Errorf("store: stored series of %d: %w", indicatorID, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: stored series of %d: %w", indicatorID, err)
	}
	return out, nil
}
