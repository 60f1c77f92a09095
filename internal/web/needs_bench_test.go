package web_test

import (
	"testing"

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
