package apptest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// LoadProfileBenchmark imports the area profile benchmarks' data (200
// generated proportion indicators × England and every UTLA with a
// population × 10 periods) and returns the UTLA codes. The web page and API
// benchmarks share it, so their figures in docs/benchmarks.md compare.
func (s *Server) LoadProfileBenchmark(tb testing.TB) []string {
	tb.Helper()
	ctx := context.Background()
	utlas, _, err := s.Store.ListAreas(ctx, store.AreaFilter{Type: places.AreaUTLA, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		tb.Fatal(err)
	}
	codes := []string{needs.EnglandCode}
	for _, a := range utlas {
		if a.Population > 0 {
			codes = append(codes, a.Code)
		}
	}
	cat, err := s.Store.NeedsCatalogue(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	const indicators, periods = 200, 10
	for i := 0; i < indicators; i++ {
		cat.Put(needs.Indicator{ID: 800000 + i, Name: fmt.Sprintf("Benchmark indicator %03d", i), ValueType: needs.ValueProportion, Multiplier: 100, Unit: "%",
			Polarity:  []needs.Polarity{needs.LowIsGood, needs.HighIsGood, needs.NoJudgement}[i%3],
			Benchmark: []needs.BenchmarkMethod{needs.BenchmarkCI95, needs.BenchmarkCI998, needs.BenchmarkQuintiles}[i%3], PeriodType: needs.PeriodCalendar,
			Topic: []string{"", "Wider determinants of health", "Health improvement", "Health protection"}[i%4]})
	}
	_, err = s.Store.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "bench"}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			sum := needs.Summary{Periods: map[int][]string{}}
			line := 1
			for i := 0; i < indicators; i++ {
				ind, _ := cat.Get(800000 + i)
				for y := 0; y < periods; y++ {
					period := needs.PeriodFromEndYear(2014+y, needs.PeriodCalendar)
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
	return codes[1:]
}

// TimeGets requests path(i) b.N times over loopback HTTP and reports the
// p95 wall time and the CPU time per request (client and server: both run
// in this process). On the shared machine wall time mostly measures the
// other processes; CPU time is the figure that compares.
func (s *Server) TimeGets(b *testing.B, path func(i int) string) {
	b.Helper()
	c := s.Client(b)
	var durations []time.Duration
	i := 0
	cpu0 := processCPU()
	for b.Loop() {
		p := path(i)
		i++
		start := time.Now()
		resp, err := c.Get(s.URL + p)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s = %d", p, resp.StatusCode)
		}
		durations = append(durations, time.Since(start))
	}
	cpu := processCPU() - cpu0
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[int(float64(len(durations)-1)*0.95)].Microseconds())/1000, "p95-ms")
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
