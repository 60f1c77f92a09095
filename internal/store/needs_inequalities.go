package store

import (
	"context"

	"github.com/placeboard/placeboard/internal/needs"
)

// AreaIndicatorValues returns every value of one indicator for one area:
// all series (sex, age, category) and periods, for needs.AreaInequalities.
func (s *Store) AreaIndicatorValues(ctx context.Context, indicatorID int, areaCode string) ([]needs.DataPoint, error) {
	return s.IndicatorValues(ctx, ValueQuery{IndicatorID: indicatorID, AreaCodes: []string{areaCode}, AllSeries: true})
}
