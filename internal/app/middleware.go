package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// statusRecorder remembers the status and size written, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status  int
	written int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.written += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// statusClientClosedRequest is the status logged for a request whose
// client went away before it was answered (nginx's 499). It is never sent:
// nobody is left to read it.
const statusClientClosedRequest = 499

// logRequests writes one structured line per request. A request whose
// client disconnected before a complete answer (its context canceled, and
// nothing or an error written) is logged at info level as 499: it is the
// client's doing, not a server error.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		gone := errors.Is(r.Context().Err(), context.Canceled)
		switch {
		case gone && (rec.status == 0 || rec.status >= 500):
			rec.status = statusClientClosedRequest
		case rec.status == 0:
			rec.status = http.StatusOK
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.written),
			slog.Duration("took", time.Since(start)),
		)
	})
}

// recoverPanics turns a panic into a plain 500 without a stack trace for
// the visitor; the panic is logged for the operator.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
			writeServerError(w, r)
		}()
		next.ServeHTTP(w, r)
	})
}

// writeServerError answers 500 as problem JSON for the API and as a short
// HTML page otherwise.
func writeServerError(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k := range h {
		delete(h, k)
	}
	setSecurityHeaders(h)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		h.Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Something went wrong on our side. Try again later."}`))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem with the service – placeboard</title></head>` +
		`<body><main><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></main></body></html>`))
}

// contentSecurityPolicy allows only the site's own resources.
const contentSecurityPolicy = "default-src 'self'; style-src 'self'; script-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"

func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

// strictTransportSecurity tells browsers to use only HTTPS for the site for
// a year (set when the public URL is https). Subdomains are left out: they
// may be other services.
func strictTransportSecurity(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses cross-site state-changing requests (CSRF) using the
// browser's Sec-Fetch-Site and Origin headers.
func crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"type":"about:blank","title":"Forbidden","status":403,"detail":"cross-origin request refused"}`))
			return
		}
		http.Error(w, "This form was sent from another site, so it was refused. Go back, reload the page and try again.", http.StatusForbidden)
	}))
	return cop.Handler(next)
}
