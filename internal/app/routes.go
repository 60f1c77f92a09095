package app

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/api"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/web"
)

// routes builds the mux and wraps it in the middleware, outermost first:
// request logging, panic recovery, security headers, cross-origin (CSRF)
// protection, then the session.
func (a *App) routes() (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	// One national summary for the whole server: the page, its CSV and the
	// API show the same computation.
	national := places.NewNational(a.store)
	api.New(api.Deps{Store: a.store, Authenticate: a.authenticate, Reference: a.ref, Logger: a.log, National: national,
		Accounts: a.auth, Mail: a.queue, PublicURL: a.cfg.PublicURL, PBRecount: a.queue, MoneyActuals: a.queue}).Register(mux)
	// The web pages only fail to build if their embedded templates do not
	// parse, which the web tests catch; the API and healthz still serve.
	if pages, err := web.New(web.Deps{Store: a.store, Auth: a.auth, Reference: a.ref, Logger: a.log, National: national, Imports: a.queue, MoneyActuals: a.queue, SSO: a.sso,
		Mail: a.queue, PublicURL: a.cfg.PublicURL}); err != nil {
		a.log.Error("web pages unavailable", "err", err)
	} else {
		pages.Register(mux)
	}
	var h http.Handler = mux
	h = a.auth.Middleware(h)
	h = crossOrigin(h)
	h = securityHeaders(h)
	if a.cfg.behindHTTPS() {
		h = strictTransportSecurity(h)
	}
	h = recoverPanics(a.log, h)
	h = logRequests(a.log, h)
	return h, nil
}

// authenticate resolves the session for the API.
func (a *App) authenticate(r *http.Request) (*auth.Principal, error) {
	return a.auth.Principal(r.Context(), a.auth.TokenFromRequest(r))
}

// healthz answers 200 when the database answers, 503 otherwise.
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := a.store.Ping(r.Context()); err != nil {
		if r.Context().Err() != nil {
			return // the probe went away; logRequests records a 499
		}
		a.log.Error("healthz: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}
