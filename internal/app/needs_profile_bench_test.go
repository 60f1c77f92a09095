package app_test

import (
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// BenchmarkAreaProfileAPI times GET /api/v1/areas/{code}/profile through
// the whole server over loopback HTTP (middleware, store, profile, JSON),
// on the data of the page's benchmark (200 indicators × every UTLA and
// England × 10 periods), cycling through the UTLAs. Goal
// (docs/benchmarks.md): p95 under 50 ms.
func BenchmarkAreaProfileAPI(b *testing.B) {
	srv := apptest.New(b)
	codes := srv.LoadProfileBenchmark(b)
	srv.TimeGets(b, func(i int) string { return "/api/v1/areas/" + codes[i%len(codes)] + "/profile" })
}
