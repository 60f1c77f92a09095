package web_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// Page timings through the whole server (middleware, store on SQLite,
// templates), over HTTP on loopback. Goals are in docs/benchmarks.md.
func BenchmarkPages(b *testing.B) {
	srv := apptest.NewWith(b, apptest.Options{Demo: true})
	c := srv.Client(b)
	for _, path := range []string{"/", "/search?q=Hartlepool", "/areas/utla/E06000001", "/national", "/national.csv", "/organisations"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				resp, err := c.Get(srv.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("GET %s = %d", path, resp.StatusCode)
				}
			}
		})
	}
}
