package store_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// BenchmarkOverview is the overview heatmap's use-case on 200 indicators ×
// every upper-tier council × 10 periods: England's (152 councils) and the
// North West's, compared with England as the page compares them, on SQLite
// and on PostgreSQL (skipped without PLACEBOARD_TEST_POSTGRES); the page's
// twin is BenchmarkOverviewPage in internal/web. docs/benchmarks.md records
// it (goal: well under 300 ms for England).
func BenchmarkOverview(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			s, _, _ := loadProfileBenchmarkInto(b, engine.open(b))
			ctx := context.Background()
			for _, tc := range []struct{ name, code string }{{"england", needs.EnglandCode}, {"north-west", "E12000002"}} {
				b.Run(tc.name, func(b *testing.B) {
					cpu0 := storetest.ProcessCPU()
					n := 0
					for b.Loop() {
						ov, err := needs.Overviews{Store: s}.Overview(ctx, needs.OverviewQuery{Code: tc.code, Choice: needs.ComparatorChoice{Kind: needs.CompareWithEngland}})
						if err != nil {
							b.Fatal(err)
						}
						if len(ov.Rows) != 200 {
							b.Fatalf("%d rows", len(ov.Rows))
						}
						n++
					}
					b.ReportMetric(float64((storetest.ProcessCPU()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
				})
			}
		})
	}
}
