package storetest

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// The area profile benchmarks' data (docs/benchmarks.md, issue 12 item 9):
// ProfileBenchmarkIndicators generated proportion indicators × England and
// every upper-tier area with a population × ProfileBenchmarkPeriods years.
const (
	ProfileBenchmarkIndicators = 200
	ProfileBenchmarkPeriods    = 10
	// ProfileBenchmarkFirstID is the first generated indicator's id.
	ProfileBenchmarkFirstID = 800000
)

// LoadProfileBenchmark imports the area profile benchmarks' data into s,
// which must hold the reference geography, and returns the catalogue (the
// store's, with the generated indicators) and the upper-tier areas' codes.
// The store's, the page's and the API's benchmarks all load it, so their
// figures compare.
func LoadProfileBenchmark(tb testing.TB, s *store.Store) (*needs.Catalogue, []string) {
	tb.Helper()
	ctx := context.Background()
	utlas, _, err := s.ListAreas(ctx, store.AreaFilter{Type: places.AreaUTLA, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		tb.Fatal(err)
	}
	codes := []string{needs.EnglandCode}
	for _, a := range utlas {
		if a.Population > 0 {
			codes = append(codes, a.Code)
		}
	}
	cat, err := s.NeedsCatalogue(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < ProfileBenchmarkIndicators; i++ {
		cat.Put(needs.Indicator{ID: ProfileBenchmarkFirstID + i, Name: fmt.Sprintf("Benchmark indicator %03d", i), ValueType: needs.ValueProportion, Multiplier: 100, Unit: "%",
			Polarity:  []needs.Polarity{needs.LowIsGood, needs.HighIsGood, needs.NoJudgement}[i%3],
			Benchmark: []needs.BenchmarkMethod{needs.BenchmarkCI95, needs.BenchmarkCI998, needs.BenchmarkQuintiles}[i%3], PeriodType: needs.PeriodCalendar,
			Topic: []string{"", "Wider determinants of health", "Health improvement", "Health protection"}[i%4]})
	}
	_, err = s.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "bench"}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			sum := needs.Summary{Periods: map[int][]string{}}
			line := 1
			for i := 0; i < ProfileBenchmarkIndicators; i++ {
				ind, _ := cat.Get(ProfileBenchmarkFirstID + i)
				for y := 0; y < ProfileBenchmarkPeriods; y++ {
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
		tb.Fatal(err)
	}
	return cat, codes[1:]
}

// ProcessCPU is the process's user+system CPU time so far: on the shared
// machine a benchmark's wall time mostly measures the other processes.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
