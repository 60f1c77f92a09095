// Package api serves placeboard's JSON API under /api/v1 with huma v2 on the
// standard library's ServeMux. The OpenAPI 3.1 document is generated from the
// registered operations and served at /api/v1/openapi.json; every error,
// including unknown paths and wrong methods, is an RFC 9457 problem.
package api

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/placeboard/placeboard/internal/places"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// OpenAPIPath is where the OpenAPI document is served (relative to Prefix).
const OpenAPIPath = "/openapi.json"

// Route is one method and path pattern registered on the server, in the
// form net/http's ServeMux uses ("/api/v1/areas/{code}").
type Route struct {
	Method  string
	Pattern string
}

func (r Route) String() string { return r.Method + " " + r.Pattern }

// API is the JSON API. It is an http.Handler for everything under Prefix.
type API struct {
	deps   Deps
	mux    *http.ServeMux
	huma   huma.API
	routes []Route
	errs   errorMapper

	boundariesOnce sync.Once
	boundaries     boundaryIndex

	specOnce sync.Once
	specJSON []byte
	specErr  error
}

// recordingMux remembers every pattern huma registers, so Routes reports
// what the mux really serves rather than what the document claims.
type recordingMux struct {
	*http.ServeMux
	routes *[]Route
}

func (m recordingMux) HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request)) {
	method, path, _ := strings.Cut(pattern, " ")
	*m.routes = append(*m.routes, Route{Method: method, Pattern: path})
	m.ServeMux.HandleFunc(pattern, handler)
}

// New builds the API and registers every operation.
func New(deps Deps) *API {
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.National == nil && deps.Store != nil {
		deps.National = places.NewNational(deps.Store)
	}
	useFieldLocations()
	a := &API{deps: deps, mux: http.NewServeMux()}
	a.errs = newErrorMapper(deps.Logger)

	cfg := huma.DefaultConfig("placeboard API", "1.0.0")
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaNamer) // money_schemas.go
	// The document is served by a documented operation (getOpenAPI) so the
	// route test can hold "registered == documented" without exceptions. No
	// docs UI: the built-in ones load JavaScript from CDNs.
	cfg.OpenAPIPath = ""
	cfg.DocsPath = ""
	cfg.SchemasPath = ""
	// Drop the default link transformer: it adds "$schema" to every body and
	// Link headers pointing at the disabled schemas path.
	cfg.CreateHooks = nil
	cfg.Info.Description = "Places, organisations and partnerships of English health and care. " +
		"Errors are RFC 9457 problem details (application/problem+json); each entry of errors[] " +
		"names the field, e.g. body.name or query.type. List endpoints return {\"items\": [...], " +
		"\"page\", \"per_page\", \"total\", \"next\"}."
	cfg.Servers = []*huma.Server{{URL: Prefix, Description: "this server"}}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		securityCookie: {
			Type: "apiKey", In: "cookie", Name: sessionCookieName,
			Description: "The session cookie set by signing in on the web (POST /sign-in).",
		},
		securityBearer: {
			Type: "http", Scheme: "bearer",
			Description: "The same session token as the cookie, sent as Authorization: Bearer <token>.",
		},
	}
	a.huma = humago.NewWithPrefix(recordingMux{a.mux, &a.routes}, Prefix, cfg)

	a.useNoStore() // nostore.go; must come before the operations are registered
	a.registerMeta()
	a.registerAreas()
	a.registerOrganisations()
	a.registerPartnerships()
	a.registerNational()
	a.registerAccounts()
	a.registerRoles()              // accounts_roles.go
	a.registerRegistrations()      // accounts_register.go
	a.registerIndicatorCatalogue() // needs (needs_indicators.go)
	a.registerNeedsProfile()       // needs (needs_profile.go)
	a.registerNeedsInequalities()  // needs (needs_inequalities.go)
	a.registerVoice()              // voice (voice_processes.go)
	a.registerVoiceProposals()     // voice (voice_proposals.go)
	a.registerPB()                 // participatory budgeting (pb_processes.go, pb_ballots.go)
	a.registerMoney()              // money (money_*.go)
	return a
}

// Register mounts the API on mux under Prefix.
func (a *API) Register(mux *http.ServeMux) {
	mux.Handle(Prefix+"/", a)
	// Without this, "/api/v1" (no slash) would be redirected by the mux.
	mux.Handle(Prefix, a)
}

// Routes lists every method and pattern the API serves, sorted.
func (a *API) Routes() []Route {
	out := slices.Clone(a.routes)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pattern != out[j].Pattern {
			return out[i].Pattern < out[j].Pattern
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// OpenAPI returns the generated document.
func (a *API) OpenAPI() *huma.OpenAPI { return a.huma.OpenAPI() }

type requestURLKey struct{}

// ServeHTTP resolves the caller, then dispatches. Requests no operation
// matches get a problem (404, or 405 with Allow) rather than the mux's text.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			// The stack goes to the server log only, never to the client.
			a.deps.Logger.ErrorContext(r.Context(), "api: panic", "panic", fmt.Sprint(v), "path", r.URL.Path,
				"stack", string(debug.Stack()))
			writeProblem(w, http.StatusInternalServerError, "internal error")
		}
	}()
	ctx := context.WithValue(r.Context(), requestURLKey{}, r.URL)
	ctx = a.authenticate(ctx, r)
	if a.deps.Accounts != nil { // accounts_register.go
		ctx = context.WithValue(ctx, clientKey{}, a.deps.Accounts.Client(r))
	}
	ctx = context.WithValue(ctx, requestHostKey{}, r.Host)
	r = r.WithContext(ctx)

	if _, pattern := a.mux.Handler(r); pattern == "" {
		if allowed := a.allowedMethods(r); len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeProblem(w, http.StatusMethodNotAllowed,
				fmt.Sprintf("%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allowed, " or ")))
			return
		}
		writeProblem(w, http.StatusNotFound, "no API endpoint at "+r.URL.Path+"; see "+Prefix+OpenAPIPath)
		return
	}
	a.mux.ServeHTTP(w, r)
}

var probeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

func (a *API) allowedMethods(r *http.Request) []string {
	var allowed []string
	for _, m := range probeMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := a.mux.Handler(probe); pattern != "" {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

func requestURL(ctx context.Context) *url.URL {
	if u, ok := ctx.Value(requestURLKey{}).(*url.URL); ok {
		return u
	}
	return &url.URL{Path: Prefix}
}

type openAPIOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

func (a *API) registerMeta() {
	huma.Register(a.huma, huma.Operation{
		OperationID: "get-openapi",
		Method:      http.MethodGet,
		Path:        OpenAPIPath,
		Summary:     "This OpenAPI 3.1 document",
		Tags:        []string{"meta"},
		Responses: map[string]*huma.Response{"200": {
			Description: "The OpenAPI 3.1 document describing every operation of this API.",
			Content:     map[string]*huma.MediaType{"application/json": {Schema: &huma.Schema{Type: "object"}}},
		}},
	}, a.getOpenAPI)
}

func (a *API) getOpenAPI(ctx context.Context, _ *struct{}) (*openAPIOutput, error) {
	a.specOnce.Do(func() { a.specJSON, a.specErr = json.Marshal(a.huma.OpenAPI()) })
	if a.specErr != nil {
		return nil, a.errs.mapError(ctx, a.specErr)
	}
	return &openAPIOutput{ContentType: "application/json", Body: a.specJSON}, nil
}
