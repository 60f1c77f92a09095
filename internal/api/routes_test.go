package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// documentedRoutes reads the served OpenAPI document and lists its
// operations as mux patterns (server prefix + path).
func documentedRoutes(t *testing.T, h http.Handler) (version string, routes []Route) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, Prefix+OpenAPIPath, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", Prefix+OpenAPIPath, rec.Code, rec.Body)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Servers []struct{ URL string }                `json:"servers"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("OpenAPI document is not JSON: %v", err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != Prefix {
		t.Fatalf("servers = %+v, want one server at %s", doc.Servers, Prefix)
	}
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "options", "head", "patch", "trace":
				routes = append(routes, Route{Method: strings.ToUpper(method), Pattern: doc.Servers[0].URL + path})
			}
		}
	}
	return doc.OpenAPI, routes
}

func routeSet(rs []Route) map[string]bool {
	m := map[string]bool{}
	for _, r := range rs {
		m[r.String()] = true
	}
	return m
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestRoutesMatchOpenAPI: every pattern registered on the API's mux is in
// the OpenAPI 3.1 document, everything documented is registered, and the
// mux really dispatches each documented operation.
func TestRoutesMatchOpenAPI(t *testing.T) {
	a := newTestAPI(t)
	version, documented := documentedRoutes(t, a)
	if !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(version) {
		t.Errorf("openapi = %q, want 3.1.x", version)
	}
	registered := a.Routes()
	if len(registered) < 2 {
		t.Fatalf("only %d routes registered", len(registered))
	}
	docSet, regSet := routeSet(documented), routeSet(registered)
	var missing, extra []string
	for r := range regSet {
		if !docSet[r] {
			missing = append(missing, r)
		}
	}
	for r := range docSet {
		if !regSet[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, r := range missing {
		t.Errorf("registered but not in the OpenAPI document: %s", r)
	}
	for _, r := range extra {
		t.Errorf("in the OpenAPI document but not registered: %s", r)
	}

	// Dispatch check: the mux must route a concrete request for each
	// documented operation to exactly that operation's pattern. (Asking the
	// mux, rather than serving, keeps handlers and their store out of it.)
	for _, r := range documented {
		path := pathParam.ReplaceAllString(r.Pattern, "E06000001")
		req := httptest.NewRequest(r.Method, path, nil)
		if _, pattern := a.mux.Handler(req); pattern != r.String() {
			t.Errorf("%s %s is routed to %q, want %q", r.Method, path, pattern, r.String())
		}
	}
}
