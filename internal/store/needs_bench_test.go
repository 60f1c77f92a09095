package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/web/chart"
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
func BenchmarkImportGenericSQLite(b *testing.B) { benchmarkImportGeneric(b, 100_000) }

// benchmarkImportGeneric imports rows generated rows per iteration into a
// fresh SQLite store through the generic importer.
func benchmarkImportGeneric(b *testing.B, rows int) {
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

// loadProfileBenchmark fills a SQLite store with the real reference
// geography and the area profile benchmarks' data (storetest), and returns
// the store, the catalogue and the upper-tier areas' codes.
func loadProfileBenchmark(b *testing.B) (*store.Store, *needs.Catalogue, []string) {
	b.Helper()
	return loadProfileBenchmarkInto(b, storetest.SQLite(b))
}

// loadProfileBenchmarkInto is loadProfileBenchmark into s, a fresh store on
// either engine.
func loadProfileBenchmarkInto(b *testing.B, s *store.Store) (*store.Store, *needs.Catalogue, []string) {
	b.Helper()
	if _, err := app.LoadReference(context.Background(), s); err != nil {
		b.Fatal(err)
	}
	cat, codes := storetest.LoadProfileBenchmark(b, s)
	return s, cat, codes
}

// BenchmarkAreaProfile is one area profile: the store queries, the
// comparisons and trends for 200 indicators, and the spine chart SVG.
// docs/benchmarks.md records its time (goal: p95 under 50 ms, the first
// profile after an import under 300 ms).
func BenchmarkAreaProfile(b *testing.B) {
	s, cat, areas := loadProfileBenchmark(b)
	ctx := context.Background()
	profile := func(area string) {
		data, err := s.AreaProfileInputs(ctx, area, string(places.AreaUTLA), needs.EnglandCode)
		if err != nil {
			b.Fatal(err)
		}
		rows := needs.BuildProfileData(cat, area, needs.EnglandCode, data)
		spine := chart.SpineChart("spine", area, needs.SpineRows(rows))
		if len(rows) != 200 || len(spine.SVG) == 0 {
			b.Fatalf("%d rows", len(rows))
		}
	}
	// The first profile after an import reads every peer group from the
	// database; later ones (any area) reuse them until the next import.
	start, coldCPU := time.Now(), storetest.ProcessCPU()
	profile(areas[0])
	cold := time.Since(start)
	coldCPU = storetest.ProcessCPU() - coldCPU
	var durations []time.Duration
	i := 0
	cpu0 := storetest.ProcessCPU()
	for b.Loop() {
		start := time.Now()
		profile(areas[i%len(areas)])
		durations = append(durations, time.Since(start))
		i++
	}
	cpu := storetest.ProcessCPU() - cpu0
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	p95 := durations[int(float64(len(durations)-1)*0.95)]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(cold.Microseconds())/1000, "first-ms")
	b.ReportMetric(float64(coldCPU.Microseconds())/1000, "first-cpu-ms")
	// CPU time per profile (all threads, GC included): on a shared machine
	// wall time mostly measures the other processes.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(durations)), "cpu-ms/op")
}
