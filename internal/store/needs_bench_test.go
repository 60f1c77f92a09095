package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// generatedCSV is a generic file of rows areas×years with counts and
// denominators, as the 1,000,000-row benchmark in docs/benchmarks.md uses.
func generatedCSV(rows int) string {
	var b strings.Builder
	b.Grow(rows * 28)
	b.WriteString("Code,Year,Numerator,Denominator\n")
	for i := 0; i < rows; i++ {
		d := 1000 + (i*7919)%99000
		fmt.Fprintf(&b, "E%08d,%d,%d,%d\n", i/10, 2013+i%10, (i*104729)%(d/10+1), d)
	}
	return b.String()
}

// BenchmarkImportGenericSQLite imports 100,000 generated rows per
// iteration into a fresh SQLite store (parse, compute Wilson limits, insert,
// commit).
func BenchmarkImportGenericSQLite(b *testing.B) {
	const rows = 100_000
	data := generatedCSV(rows)
	m, err := needs.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "count": "Numerator", "denominator": "Denominator"},
		"indicator": {"id": 990100, "name": "Generated", "value_type": "proportion"}}`))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		s := storetest.SQLite(b)
		cat, _ := needs.SeedCatalogue()
		b.StartTimer()
		im := &needs.Importer{Catalogue: cat, Mapping: m}
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
