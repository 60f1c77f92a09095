package app

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRecoverPanicsGivesCleanServerError(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	boom := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Half-Written", "yes")
		panic("secret internal detail")
	})
	for _, tc := range []struct{ path, ctype string }{
		{"/partnerships/1", "text/html; charset=utf-8"},
		{"/api/v1/areas", "application/problem+json"},
	} {
		w := httptest.NewRecorder()
		recoverPanics(log, boom).ServeHTTP(w, httptest.NewRequest("GET", tc.path, nil))
		body := w.Body.String()
		if w.Code != 500 || w.Header().Get("Content-Type") != tc.ctype {
			t.Errorf("%s: %d %q", tc.path, w.Code, w.Header().Get("Content-Type"))
		}
		if strings.Contains(body, "secret") || strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
			t.Errorf("%s: the response leaks the panic: %s", tc.path, body)
		}
		if w.Header().Get("X-Half-Written") != "" || w.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%s: headers not reset to the safe set: %v", tc.path, w.Header())
		}
	}
	if !strings.Contains(logs.String(), "secret internal detail") {
		t.Error("the panic was not logged for the operator")
	}
}

func TestSecurityHeadersAndCrossOrigin(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("done")) })
	h := securityHeaders(crossOrigin(ok))
	for _, tc := range []struct {
		name   string
		method string
		site   string
		origin string
		want   int
	}{
		{"same-origin form post", "POST", "same-origin", "", 200},
		{"cross-site form post", "POST", "cross-site", "", 403},
		{"cross-site API post by origin", "POST", "", "https://evil.example", 403},
		{"non-browser client", "POST", "", "", 200},
		{"cross-site GET is fine", "GET", "cross-site", "", 200},
	} {
		r := httptest.NewRequest(tc.method, "http://placeboard.test/sign-in", nil)
		if tc.site != "" {
			r.Header.Set("Sec-Fetch-Site", tc.site)
		}
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, w.Code, tc.want)
		}
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe") || strings.Contains(csp, "http") || strings.Contains(csp, "data:") {
			t.Errorf("%s: CSP %q", tc.name, csp)
		}
		for _, hd := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
			if w.Header().Get(hd) == "" {
				t.Errorf("%s: missing %s", tc.name, hd)
			}
		}
	}
}

// A request whose client went away is logged at info level as 499 when
// the handler wrote nothing or an error; a finished answer keeps its
// status; a server error with the client still there stays an error.
func TestLogRequestsClientGone(t *testing.T) {
	tests := []struct {
		name      string
		cancel    bool
		status    int // what the handler writes; 0 writes nothing
		wantLevel string
		wantCode  string
	}{
		{"gone, then 500", true, 500, "INFO", "status=499"},
		{"gone, nothing written", true, 0, "INFO", "status=499"},
		{"gone after a full answer", true, 200, "INFO", "status=200"},
		{"there, 500", false, 500, "ERROR", "status=500"},
		{"there, 200", false, 200, "INFO", "status=200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			ctx, cancel := context.WithCancel(context.Background())
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.cancel {
					cancel() // the client disconnects while the handler works
				}
				if tt.status != 0 {
					w.WriteHeader(tt.status)
				}
			})
			defer cancel()
			logRequests(log, h).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil).WithContext(ctx))
			line := logs.String()
			if !strings.Contains(line, "level="+tt.wantLevel) || !strings.Contains(line, tt.wantCode+" ") {
				t.Errorf("log = %q, want level=%s and %s", line, tt.wantLevel, tt.wantCode)
			}
		})
	}
}
