package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// get fetches path with c and returns the status and body.
func get(t *testing.T, c *http.Client, base, path string) (int, string) {
	t.Helper()
	resp, err := c.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestPublicPages(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t)
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{"Find a place", `action="/search"`, "placeboard"}},
		{"/search?q=Hartlepool", 200, []string{`href="/areas/utla/E06000001"`, "Hartlepool"}},
		{"/search?q=E06000001", 200, []string{`href="/areas/utla/E06000001"`}},
		{"/search?q=", 400, []string{"govuk-error-summary", `href="#q"`}},
		{"/areas/utla/E06000001", 200, []string{"Hartlepool", "Population pyramid", "population-table", "Integrated care board", "Footprint (2017)"}},
		{"/areas/E06000001", 303, nil},
		{"/areas/utla/E99999999", 404, nil},
		{"/areas/nonsense/E06000001", 404, nil},
		{"/areas?type=icb", 200, []string{"42 areas"}},
		{"/areas?type=stp", 200, []string{"44 areas"}},
		{"/areas?type=bogus", 400, []string{"type"}},
		{"/national", 200, []string{"footprint-table", "National view"}},
		{"/national?sort=bogus", 400, []string{"Sort (sort) must be"}},
		{"/national.csv", 200, []string{"footprint_code,footprint_name"}},
		{"/organisations", 200, []string{"Organisations"}},
		{"/organisations?kind=spaceship", 400, []string{`href="#kind"`}},
		{"/organisations/999999", 404, nil},
		{"/organisations/abc", 404, nil},
		{"/partnerships", 200, nil},
		{"/partnerships/999999", 404, nil},
		{"/sign-in", 200, []string{`name="email"`, `name="password"`}},
		{"/admin", 303, nil},
		{"/admin/audit", 303, nil},
		{"/no-such-page", 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := get(t, c, srv.URL, tt.path)
			if status != tt.status {
				t.Fatalf("GET %s = %d, want %d\n%s", tt.path, status, tt.status, snippet(body))
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: body lacks %q", tt.path, w)
				}
			}
		})
	}
}

func snippet(s string) string {
	if len(s) > 2000 {
		return s[:2000]
	}
	return s
}
