package api

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/danielgtaylor/huma/v2"
)

// Responses with personal data or audit entries are never cached (errors
// included); public reference data may be.
func TestNoStore(t *testing.T) {
	a := newTestAPI(t)
	// Every listed operation exists, so a rename cannot silently drop one.
	ids := map[string]bool{}
	for _, item := range a.OpenAPI().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op != nil {
				ids[op.OperationID] = true
			}
		}
	}
	for id := range noStoreOperations {
		if !ids[id] {
			t.Errorf("noStoreOperations lists %q, which is not an operation", id)
		}
	}
	for _, tc := range []struct {
		path    string
		noStore bool
	}{
		{"/api/v1/users/me", true}, // 401 for an anonymous caller: still not stored
		{"/api/v1/audit", true},
		{"/api/v1/openapi.json", false},
	} {
		w := httptest.NewRecorder()
		a.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if got := w.Header().Get("Cache-Control") == "no-store"; got != tc.noStore {
			t.Errorf("GET %s (%d): Cache-Control %q, want no-store=%v", tc.path, w.Code, w.Header().Get("Cache-Control"), tc.noStore)
		}
	}
}
