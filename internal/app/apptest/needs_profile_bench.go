package apptest

import (
	"io"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store/storetest"
)

// LoadProfileBenchmark imports the area profile benchmarks' data
// (storetest.LoadProfileBenchmark: 200 generated proportion indicators ×
// England and every UTLA with a population × 10 periods) and returns the
// UTLA codes. The web page and API benchmarks share it with the store's, so
// their figures in docs/benchmarks.md compare.
func (s *Server) LoadProfileBenchmark(tb testing.TB) []string {
	tb.Helper()
	_, codes := storetest.LoadProfileBenchmark(tb, s.Store)
	return codes
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
	cpu0 := storetest.ProcessCPU()
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
	cpu := storetest.ProcessCPU() - cpu0
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[int(float64(len(durations)-1)*0.95)].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(durations)), "cpu-ms/op")
}
