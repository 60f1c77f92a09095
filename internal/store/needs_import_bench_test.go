package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// BenchmarkImportGeneric1MSQLite is docs/benchmarks.md's 1,000,000-row
// import (100,000 areas × 10 years of counts and denominators) without the
// command line around it, for a CPU profile of the whole import:
//
//	go test ./internal/store/ -run XXX -bench ImportGeneric1MSQLite -benchtime 1x -cpuprofile cpu.prof
func BenchmarkImportGeneric1MSQLite(b *testing.B) {
	const rows = 1_000_000
	data := generatedCSV(rows)
	m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "count": "Numerator", "denominator": "Denominator"},
		"indicator": {"id": 990100, "name": "Generated", "value_type": "proportion"}}`))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		s := storetest.SQLite(b)
		cat, _ := needs.SeedCatalogue()
		b.StartTimer()
		im := &importer.Importer{Catalogue: cat, Mapping: m}
		res, err := s.ImportIndicators(context.Background(), store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "gen.csv"}, cat,
			func(emit needs.Emit) (needs.Summary, error) {
				return im.Import(needs.FormatGeneric, "gen.csv", strings.NewReader(data), emit)
			})
		if err != nil || res.Rows != rows {
			b.Fatalf("%v %d", err, res.Rows)
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
}
