package store_test

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// BenchmarkOverview is the overview heatmap's use-case on 200 indicators ×
// every upper-tier council × 10 periods: England's (152 councils, one
// LatestValues query) and the North West's, compared with England.
// docs/benchmarks.md records it.
func BenchmarkOverview(b *testing.B) {
	s, _, _ := loadProfileBenchmark(b)
	ctx := context.Background()
	for _, tc := range []struct{ name, code string }{{"england", needs.EnglandCode}, {"north-west", "E12000002"}} {
		b.Run(tc.name, func(b *testing.B) {
			cpu0 := storetest.ProcessCPU()
			n := 0
			for b.Loop() {
				ov, err := needs.Overviews{Store: s}.Overview(ctx, needs.OverviewQuery{Code: tc.code})
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
}
