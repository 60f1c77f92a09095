package store_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// TestAreaIndicatorValues: every series of one indicator for one area
// (headline, by sex and age, by deprivation decile), and nothing of other
// areas or indicators.
func TestAreaIndicatorValues(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		if _, _, err := importFile(t, s, needs.FormatFingertipsNext, "nw.csv", openExtract(t, "fingertipsnext_nw_upper_tier.csv.gz"), nil); err != nil {
			t.Fatal(err)
		}
		if _, _, err := importFile(t, s, needs.FormatFingertipsNext, "deciles.csv", openExtract(t, "fingertipsnext_93088_england_deciles.csv"), nil); err != nil {
			t.Fatal(err)
		}
		pts, err := s.AreaIndicatorValues(context.Background(), 93088, needs.EnglandCode)
		if err != nil {
			t.Fatal(err)
		}
		deciles := 0
		for _, p := range pts {
			if p.IndicatorID != 93088 || p.AreaCode != needs.EnglandCode {
				t.Fatalf("value of another indicator or area: %+v", p)
			}
			if _, ok := needs.DecileOf(p.CategoryType, p.Category); ok {
				deciles++
			}
		}
		// The extract's 105 rows: 50 by decile, 55 headline (sexes and ages).
		if len(pts) != 105 || deciles != 50 {
			t.Errorf("%d values, %d by decile; want 105 and 50", len(pts), deciles)
		}
		none, err := s.AreaIndicatorValues(context.Background(), 93088, "E06000001")
		if err != nil || len(none) != 0 {
			t.Errorf("Hartlepool (not in the North West extract): %d values, %v", len(none), err)
		}
	})
}
