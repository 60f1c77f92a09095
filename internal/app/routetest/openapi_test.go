package routetest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
)

// TestServedOpenAPIMatchesServerRoutes fetches the OpenAPI document from
// the running server and compares its operations with the /api/ routes in
// the server's route list, both ways. (internal/api's own test compares the
// document with the API mux's recorded registrations.)
func TestServedOpenAPIMatchesServerRoutes(t *testing.T) {
	srv := apptest.New(t)
	res, err := srv.Client(t).Get(srv.URL + "/api/v1/openapi.json")
	must(t, err)
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Servers []struct{ URL string }                `json:"servers"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	if len(doc.Servers) != 1 {
		t.Fatalf("servers = %+v", doc.Servers)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for m := range ops {
			documented[strings.ToUpper(m)+" "+doc.Servers[0].URL+path] = true
		}
	}
	listed := map[string]bool{}
	for _, r := range serverRoutes() {
		if strings.Contains(r, " /api/") {
			listed[r] = true
		}
	}
	var problems []string
	for r := range listed {
		if !documented[r] {
			problems = append(problems, "served but undocumented: "+r)
		}
	}
	for r := range documented {
		if !listed[r] {
			problems = append(problems, "documented but not served: "+r)
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
	if len(documented) < 20 {
		t.Errorf("only %d operations documented", len(documented))
	}
}

// TestUnknownAPIPathsThroughServer: through the whole server (middleware
// and the web's HTML catch-all included), unknown API paths and wrong
// methods answer RFC 9457 problems, not HTML.
func TestUnknownAPIPathsThroughServer(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t)
	tests := []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/v1/nope", 404},
		{"GET", "/api/v1", 404},
		{"GET", "/api/v1/areas/E06000001/nope", 404},
		{"DELETE", "/api/v1/areas", 405},
		{"PATCH", "/api/v1/organisations/1", 405},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		res, err := c.Do(req)
		must(t, err)
		body := readAll(res)
		res.Body.Close()
		if res.StatusCode != tt.status || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %s = %d %q, want %d problem: %.200s", tt.method, tt.path, res.StatusCode,
				res.Header.Get("Content-Type"), tt.status, body)
		}
		if tt.status == 405 && res.Header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", tt.method, tt.path)
		}
	}
}
