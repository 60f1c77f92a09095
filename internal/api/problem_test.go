package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestUnknownRoutesAreProblems: unknown paths and wrong methods under the
// API prefix answer RFC 9457 problem details, not the mux's plain text.
func TestUnknownRoutesAreProblems(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodGet, Prefix + "/no-such-thing", http.StatusNotFound, ""},
		{http.MethodGet, Prefix, http.StatusNotFound, ""},
		{http.MethodGet, Prefix + "/", http.StatusNotFound, ""},
		{http.MethodDelete, Prefix + OpenAPIPath, http.StatusMethodNotAllowed, "GET"},
		{http.MethodPost, Prefix + OpenAPIPath, http.StatusMethodNotAllowed, "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			a.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != problemContentType {
				t.Errorf("Content-Type = %q, want %q", ct, problemContentType)
			}
			if tt.allow != "" && rec.Header().Get("Allow") != tt.allow {
				t.Errorf("Allow = %q, want %q", rec.Header().Get("Allow"), tt.allow)
			}
			var p struct {
				Status int    `json:"status"`
				Title  string `json:"title"`
				Detail string `json:"detail"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, rec.Body)
			}
			if p.Status != tt.status || p.Title != http.StatusText(tt.status) || p.Detail == "" {
				t.Errorf("problem = %+v", p)
			}
		})
	}
}
