package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
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

// TestPanicIsAProblem: a handler that panics (here: no store configured)
// answers a 500 problem with no stack trace or internals in it.
func TestPanicIsAProblem(t *testing.T) {
	var logged strings.Builder
	a := New(Deps{Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, Prefix+"/areas?type=icb", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != problemContentType {
		t.Errorf("Content-Type = %q", ct)
	}
	body := rec.Body.String()
	for _, leak := range []string{"goroutine", ".go:", "nil pointer", "runtime error"} {
		if strings.Contains(body, leak) {
			t.Errorf("response leaks %q: %s", leak, body)
		}
	}
	if !strings.Contains(logged.String(), "api: panic") || !strings.Contains(logged.String(), "stack=") {
		t.Errorf("panic not logged with its stack: %s", logged.String())
	}
}
