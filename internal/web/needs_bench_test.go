package web_test

import (
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// BenchmarkAreaProfilePage times GET /areas/{code}/profile through the whole
// server with 200 indicators × every UTLA (and England) × 10 periods
// loaded, cycling through the UTLAs. Goal (docs/benchmarks.md): p95 under
// 50 ms. The first request after the import reads every peer group; the
// API's twin is BenchmarkAreaProfileAPI in internal/app.
func BenchmarkAreaProfilePage(b *testing.B) {
	srv := apptest.New(b)
	codes := srv.LoadProfileBenchmark(b)
	srv.TimeGets(b, func(i int) string { return "/areas/" + codes[i%len(codes)] + "/profile" })
}

// BenchmarkOverviewPage times GET /areas/E92000001/overview, England's
// overview heatmap (200 indicators × 152 councils), through the whole
// server with the profile benchmarks' data: the first request, which builds
// and renders it (first-ms, first-cpu-ms), then the requests served from
// the overview cache (p95-ms, cpu-ms/op). docs/benchmarks.md records it
// (goal: well under 300 ms).
func BenchmarkOverviewPage(b *testing.B) {
	srv := apptest.New(b)
	srv.LoadProfileBenchmark(b)
	const path = "/areas/E92000001/overview"
	c := srv.Client(b)
	cpu0, start := processCPU(), time.Now()
	res, err := c.Get(srv.URL + path)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	first, firstCPU := time.Since(start), processCPU()-cpu0
	srv.TimeGets(b, func(int) string { return path })
	b.ReportMetric(float64(first.Microseconds())/1000, "first-ms")
	b.ReportMetric(float64(firstCPU.Microseconds())/1000, "first-cpu-ms")
	b.ReportMetric(float64(n)/1e6, "MB/page")
}

// processCPU is the process's user+system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
