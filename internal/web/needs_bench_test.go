package web_test

import (
	"context"
	"io"
	"net/http"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// BenchmarkAreaProfilePage times GET /areas/{code}/profile through the whole
// server with 200 indicators × every UTLA (and England) × 10 periods
// loaded, cycling through the UTLAs. Goal (docs/benchmarks.md): p95 under
// 100 ms.
func BenchmarkAreaProfilePage(b *testing.B) {
	srv := apptest.New(b)
	ctx := context.Background()
	utlas, _, err := srv.Store.ListAreas(ctx, store.AreaFilter{Type: places.AreaUTLA, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		b.Fatal(err)
	}
	codes := []string{needs.EnglandCode}
	for _, a := range utlas {
		if a.Population > 0 {
			codes = append(codes, a.Code)
		}
	}
	cat, err := srv.Store.NeedsCatalogue(ctx)
	if err != nil {
		b.Fatal(err)
	}
	const indicators, periods = 200, 10
	for i := 0; i < indicators; i++ {
		cat.Put(needs.Indicator{ID: 800000 + i, Name: "Benchmark indicator " + itoa3(i), ValueType: needs.ValueProportion, Multiplier: 100, Unit: "%",
			Polarity:  []needs.Polarity{needs.LowIsGood, needs.HighIsGood, needs.NoJudgement}[i%3],
			Benchmark: []needs.BenchmarkMethod{needs.BenchmarkCI95, needs.BenchmarkCI998, needs.BenchmarkQuintiles}[i%3], PeriodType: needs.PeriodCalendar})
	}
	_, err = srv.Store.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "bench"}, cat,
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
		b.Fatal(err)
	}
	c := srv.Client(b)
	var durations []time.Duration
	i := 0
	cpu0 := processCPU()
	for b.Loop() {
		code := codes[1+i%(len(codes)-1)]
		i++
		start := time.Now()
		resp, err := c.Get(srv.URL + "/areas/" + code + "/profile")
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET profile of %s = %d", code, resp.StatusCode)
		}
		durations = append(durations, time.Since(start))
	}
	cpu := processCPU() - cpu0
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[int(float64(len(durations)-1)*0.95)].Microseconds())/1000, "p95-ms")
	// CPU per page, client and server together (both run in this process):
	// on the shared machine wall time mostly measures other processes.
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

func itoa3(i int) string {
	return string([]byte{byte('0' + i/100), byte('0' + i/10%10), byte('0' + i%10)})
}
