package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"syscall"
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
// geography and 200 generated proportion indicators × every UTLA (+ England)
// × 10 periods, and returns the store, the catalogue and one UTLA code.
func loadProfileBenchmark(b *testing.B) (*store.Store, *needs.Catalogue, []string) {
	b.Helper()
	return loadProfileBenchmarkInto(b, storetest.SQLite(b))
}

// loadProfileBenchmarkInto is loadProfileBenchmark into s, a fresh store on
// either engine.
func loadProfileBenchmarkInto(b *testing.B, s *store.Store) (*store.Store, *needs.Catalogue, []string) {
	b.Helper()
	ctx := context.Background()
	if _, err := app.LoadReference(ctx, s); err != nil {
		b.Fatal(err)
	}
	utlas, _, err := s.ListAreas(ctx, store.AreaFilter{Type: places.AreaUTLA, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		b.Fatal(err)
	}
	codes := []string{needs.EnglandCode}
	for _, a := range utlas {
		codes = append(codes, a.Code)
	}
	cat := needs.NewCatalogue(nil)
	const indicators, periods = 200, 10
	for i := 0; i < indicators; i++ {
		pol := []needs.Polarity{needs.LowIsGood, needs.HighIsGood, needs.NoJudgement}[i%3]
		bench := []needs.BenchmarkMethod{needs.BenchmarkCI95, needs.BenchmarkCI998, needs.BenchmarkQuintiles}[i%3]
		cat.Put(needs.Indicator{ID: 800000 + i, Name: fmt.Sprintf("Benchmark indicator %03d", i), ValueType: needs.ValueProportion,
			Multiplier: 100, Unit: "%", Polarity: pol, Benchmark: bench, PeriodType: needs.PeriodCalendar})
	}
	_, err = s.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "bench"}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			sum := needs.Summary{Periods: map[int][]string{}}
			line := 1
			for i := 0; i < indicators; i++ {
				ind, _ := cat.Get(800000 + i)
				for y := 0; y < periods; y++ {
					period := needs.PeriodFromEndYear(2014+y, needs.PeriodCalendar)
					sum.Periods[ind.ID] = append(sum.Periods[ind.ID], period.Label)
					for a, code := range codes {
						p := needs.NewDataPoint()
						p.IndicatorID, p.AreaCode, p.Period, p.Sex, p.Age = ind.ID, code, period, "Persons", "All ages"
						p.Denominator = float64(20000 + (a*7919+i*104729)%180000)
						p.Count = float64((a*31+i*17+y*5)%40+5) / 100 * p.Denominator / 4
						if err := needs.Finish(&p, ind); err != nil {
							return sum, err
						}
						line++
						if err := emit(line, p); err != nil {
							return sum, err
						}
						sum.Rows++
					}
				}
				sum.Indicators = append(sum.Indicators, ind.ID)
			}
			return sum, nil
		})
	if err != nil {
		b.Fatal(err)
	}
	return s, cat, codes[1:]
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
	start, coldCPU := time.Now(), processCPU()
	profile(areas[0])
	cold := time.Since(start)
	coldCPU = processCPU() - coldCPU
	var durations []time.Duration
	i := 0
	cpu0 := processCPU()
	for b.Loop() {
		start := time.Now()
		profile(areas[i%len(areas)])
		durations = append(durations, time.Since(start))
		i++
	}
	cpu := processCPU() - cpu0
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	p95 := durations[int(float64(len(durations)-1)*0.95)]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(cold.Microseconds())/1000, "first-ms")
	b.ReportMetric(float64(coldCPU.Microseconds())/1000, "first-cpu-ms")
	// CPU time per profile (all threads, GC included): on a shared machine
	// wall time mostly measures the other processes.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(durations)), "cpu-ms/op")
}

// processCPU is the process's user+system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
