// Package web serves placeboard's HTML pages: GOV.UK Frontend markup from
// html/template, embedded static assets, forms with the GOV.UK error summary
// pattern, and charts and maps drawn on the server as SVG. Every page works
// without JavaScript.
//
// Handlers live one file per page or action. They read and write through the
// store, check permissions with auth.Can, and turn *validation.Errors from
// the domain into field errors on the form they re-render.
package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/web/chart"
)

// Deps is what the web pages need from the rest of the server.
type Deps struct {
	Store *store.Store
	Auth  *auth.Service
	// Reference provides the hex layouts for maps; when nil the embedded
	// reference data is read on the first page that draws a map.
	Reference *refdata.Set
	Logger    *slog.Logger
	// National is the server's one national summary, shared with the API;
	// when nil the web keeps its own.
	National *places.National
	// Imports queues confirmed indicator uploads (needs_import.go).
	Imports ImportQueue
	// MoneyActuals queues imports of actuals (money_actuals.go).
	MoneyActuals money.ActualsQueue
	// SSO signs people in through the deployment's OpenID provider; nil
	// when none is configured.
	SSO *auth.OIDC
	// Mail queues e-mail (confirmation links; accounts_register.go).
	Mail Mailer
	// PublicURL is the site's address for links in e-mail ("" in
	// development: the request's host is used).
	PublicURL string
}

// Web is the HTML side of the server.
type Web struct {
	store  *store.Store
	auth   *auth.Service
	log    *slog.Logger
	assets *assets
	tmpl   *templates
	ref    *refdata.Set
	// footprints is the national summary, cached per generation of the data.
	footprints *places.National
	// nationalRendered keeps the national page's rendered body and CSV.
	nationalRendered nationalRendered
	// overviews keeps the needs overviews built for the latest generation.
	overviews overviewCache

	// hexOnce loads the maps' reference data once: the hex layouts and the
	// projected boundaries (areaMaps, needs_indicator_map.go).
	hexOnce  sync.Once
	hexes    map[refdata.AreaType]*chart.HexLayout
	areaMaps map[refdata.AreaType]*chart.AreaMap

	imports      ImportQueue        // needs_import.go
	moneyActuals money.ActualsQueue // money_actuals.go

	sso *auth.OIDC // signin_oidc.go; nil without single sign-on

	mail      Mailer // accounts_register.go
	publicURL string
}

// New prepares the templates and assets. It fails only if the embedded
// templates do not parse, which the tests catch.
func New(d Deps) (*Web, error) {
	if d.Store == nil || d.Auth == nil {
		return nil, errors.New("web: Store and Auth are required")
	}
	logger := d.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	if !a.Has("vendor/govuk-frontend.min.css") {
		logger.Warn("GOV.UK Frontend assets are missing: run `make assets` before building; pages will be unstyled")
	}
	t, err := parseTemplates(a)
	if err != nil {
		return nil, err
	}
	national := d.National
	if national == nil {
		national = places.NewNational(d.Store)
	}
	return &Web{store: d.Store, auth: d.Auth, log: logger, assets: a, tmpl: t, ref: d.Reference, footprints: national, imports: d.Imports, moneyActuals: d.MoneyActuals, sso: d.SSO,
		mail: d.Mail, publicURL: strings.TrimSuffix(d.PublicURL, "/")}, nil
}

// hexLayout returns the hex map layout for t (stp, utla or icb), or nil when
// it is unavailable; the map is then left out of the page.
func (w *Web) hexLayout(t refdata.AreaType) *chart.HexLayout {
	w.hexOnce.Do(func() {
		w.hexes = map[refdata.AreaType]*chart.HexLayout{}
		set := w.ref
		if set == nil {
			var err error
			if set, err = refdata.Load(); err != nil {
				w.log.Warn("hex maps unavailable", "err", err)
				return
			}
		}
		for _, typ := range []refdata.AreaType{refdata.STP, refdata.UTLA, refdata.ICB} {
			h, err := chart.ParseHexLayout(set.Hex(typ))
			if err != nil {
				w.log.Warn("hex layout unavailable", "type", typ, "err", err)
				continue
			}
			w.hexes[typ] = h
		}
		w.areaMaps = projectBoundaries(set, w.log)
		w.ref = nil // only the layouts are kept
	})
	return w.hexes[t]
}

// Mux is what Register needs of a router; *http.ServeMux is one, and so is
// a recorder listing the routes.
type Mux interface {
	Handle(pattern string, handler http.Handler)
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}

// Register mounts every page on mux. The caller wraps mux with the session
// middleware (auth.Service.Middleware) and CSRF protection.
func (w *Web) Register(mux Mux) {
	mux.Handle("GET /assets/", w.assets)
	mux.HandleFunc("GET /favicon.ico", func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, w.assets.URL("app/favicon.svg"), http.StatusMovedPermanently)
	})

	// Anything no other pattern claims gets the HTML "Page not found" page
	// rather than the mux's plain text.
	mux.HandleFunc("/", w.notFound)
	mux.HandleFunc("GET /{$}", w.home)
	mux.HandleFunc("GET /search", w.search)
	mux.HandleFunc("GET /areas", w.areaList)
	mux.HandleFunc("GET /areas/{code}", w.areaByCode)
	mux.HandleFunc("GET /areas/{type}/{code}", w.areaPage)
	mux.HandleFunc("GET /organisations", w.organisationList)
	mux.HandleFunc("GET /organisations/{id}", w.organisationPage)
	mux.HandleFunc("GET /partnerships", w.partnershipList)
	mux.HandleFunc("GET /partnerships/{id}", w.partnershipPage)
	mux.HandleFunc("GET /partnerships/{id}/meetings/{meetingID}", w.meetingPage)
	mux.HandleFunc("GET /partnerships/{id}/decisions/{decisionID}", w.decisionPage)
	mux.HandleFunc("GET /national", w.national)
	mux.HandleFunc("GET /national.csv", w.nationalCSV)

	mux.HandleFunc("GET /sign-in", w.signInForm)
	mux.HandleFunc("POST /sign-in", w.signIn)
	mux.HandleFunc("GET /sign-in/code", w.signInCodeForm)
	mux.HandleFunc("POST /sign-in/code", w.signInCode)
	if w.sso != nil {
		// Single sign-on is served only where it is configured (so Routes
		// lists it only then).
		mux.HandleFunc("GET /sign-in/oidc", w.signInOIDC)
		mux.HandleFunc("GET /sign-in/oidc/callback", w.signInOIDCCallback)
	}
	mux.HandleFunc("POST /sign-out", w.signOut)
	mux.HandleFunc("GET /account", w.account)
	mux.HandleFunc("GET /account/password", w.passwordForm)
	mux.HandleFunc("POST /account/password", w.changePassword)
	mux.HandleFunc("POST /account/sessions/end", w.endSession)
	mux.HandleFunc("GET /account/two-factor", w.twoFactorForm)
	mux.HandleFunc("POST /account/two-factor", w.twoFactorConfirm)
	// Resident accounts (accounts_register*.go, accounts_personal_data.go).
	mux.HandleFunc("GET /register", w.registerForm)
	mux.HandleFunc("POST /register", w.register)
	mux.HandleFunc("GET /register/check-email", w.registerCheckEmail)
	mux.HandleFunc("GET /register/confirm", w.registerConfirm)
	mux.HandleFunc("GET /register/resend", w.registerResendForm)
	mux.HandleFunc("POST /register/resend", w.registerResend)
	mux.HandleFunc("GET /account/profile", w.profileForm)
	mux.HandleFunc("POST /account/profile", w.updateProfile)
	mux.HandleFunc("GET /account/data", w.personalData)
	mux.HandleFunc("GET /account/delete", w.deleteAccountForm)
	mux.HandleFunc("POST /account/delete", w.deleteAccount)

	mux.HandleFunc("GET /admin", w.adminHome)
	mux.HandleFunc("GET /admin/partnerships/new", w.partnershipNewForm)
	mux.HandleFunc("POST /admin/partnerships/new", w.partnershipCreate)
	mux.HandleFunc("GET /partnerships/{id}/members/new", w.memberNewForm)
	mux.HandleFunc("POST /partnerships/{id}/members/new", w.memberCreate)
	mux.HandleFunc("GET /partnerships/{id}/meetings/new", w.meetingNewForm)
	mux.HandleFunc("POST /partnerships/{id}/meetings/new", w.meetingCreate)
	mux.HandleFunc("GET /partnerships/{id}/decisions/new", w.decisionNewForm)
	mux.HandleFunc("POST /partnerships/{id}/decisions/new", w.decisionCreate)
	// Correcting and ending the board record (places_*_edit.go).
	mux.HandleFunc("GET /partnerships/{id}/edit", w.partnershipEditForm)
	mux.HandleFunc("POST /partnerships/{id}/edit", w.partnershipUpdate)
	mux.HandleFunc("GET /partnerships/{id}/end", w.partnershipEndForm)
	mux.HandleFunc("POST /partnerships/{id}/end", w.partnershipEnd)
	mux.HandleFunc("GET /partnerships/{id}/members/{memberID}/edit", w.memberEditForm)
	mux.HandleFunc("POST /partnerships/{id}/members/{memberID}/edit", w.memberUpdate)
	mux.HandleFunc("GET /partnerships/{id}/members/{memberID}/end", w.memberEndForm)
	mux.HandleFunc("POST /partnerships/{id}/members/{memberID}/end", w.memberEnd)
	mux.HandleFunc("GET /partnerships/{id}/meetings/{meetingID}/edit", w.meetingEditForm)
	mux.HandleFunc("POST /partnerships/{id}/meetings/{meetingID}/edit", w.meetingUpdate)
	mux.HandleFunc("GET /partnerships/{id}/meetings/{meetingID}/end", w.meetingEndForm)
	mux.HandleFunc("POST /partnerships/{id}/meetings/{meetingID}/end", w.meetingEnd)
	mux.HandleFunc("GET /partnerships/{id}/decisions/{decisionID}/edit", w.decisionEditForm)
	mux.HandleFunc("POST /partnerships/{id}/decisions/{decisionID}/edit", w.decisionUpdate)
	mux.HandleFunc("GET /partnerships/{id}/decisions/{decisionID}/end", w.decisionEndForm)
	mux.HandleFunc("POST /partnerships/{id}/decisions/{decisionID}/end", w.decisionEnd)
	mux.HandleFunc("GET /admin/organisations/new", w.organisationNewForm)
	mux.HandleFunc("POST /admin/organisations/new", w.organisationCreate)
	mux.HandleFunc("GET /admin/organisations/import", w.organisationImportForm)
	mux.HandleFunc("POST /admin/organisations/import", w.organisationImport)
	mux.HandleFunc("GET /admin/audit", w.auditLog)
	mux.HandleFunc("GET /admin/users", w.adminUsers)
	mux.HandleFunc("POST /admin/users/{userID}/disabled", w.setUserDisabled)
	mux.HandleFunc("POST /admin/users/{userID}/national-analyst", w.setNationalAnalyst)
	mux.HandleFunc("GET /partnerships/{id}/roles", w.partnershipRoles)
	mux.HandleFunc("POST /partnerships/{id}/roles", w.grantRole)
	mux.HandleFunc("POST /partnerships/{id}/roles/revoke", w.revokeRole)

	// Needs (needs.go).
	mux.HandleFunc("GET /needs", w.needsHome)
	mux.HandleFunc("GET /areas/{code}/profile", w.areaProfile)
	mux.HandleFunc("GET /areas/{code}/profile.csv", w.areaProfileCSV)
	mux.HandleFunc("GET /areas/{code}/priorities", w.priorities)
	mux.HandleFunc("GET /indicators", w.indicatorList)
	mux.HandleFunc("GET /indicators/{id}", w.indicatorPage)
	mux.HandleFunc("GET /indicators/{id}/data.csv", w.indicatorCSV)
	mux.HandleFunc("POST /areas/{code}/priorities/{indicatorID}", w.priorityNote)
	mux.HandleFunc("POST /areas/{code}/priorities/publish", w.publishPriorities)
	mux.HandleFunc("GET /areas/{code}/jsna", w.jsnaSummary)
	mux.HandleFunc("GET /areas/{code}/compare", w.compareAreas)
	mux.HandleFunc("GET /areas/{code}/inequalities/{indicatorID}", w.inequalitiesPage) // needs_inequalities.go
	mux.HandleFunc("GET /areas/{code}/overview", w.areaOverview)                       // needs_overview.go
	mux.HandleFunc("GET /areas/{code}/overview.csv", w.areaOverviewCSV)                // needs_overview.go
	mux.HandleFunc("GET /needs/import", w.indicatorImportForm)
	mux.HandleFunc("POST /needs/import", w.indicatorImportPreview)
	mux.HandleFunc("POST /needs/import/{token}", w.indicatorImportConfirm)
	mux.HandleFunc("GET /needs/import/{token}", w.indicatorImportStatus)

	w.registerVoiceRoutes(mux)         // voice_routes.go
	w.registerVoiceProposalRoutes(mux) // voice_proposals.go
	w.registerPBRoutes(mux)            // participatory budgeting (pb.go)
	w.registerMoneyRoutes(mux)         // money (money_web.go)
}

// Handler returns the pages on a mux of their own, for tests and for
// callers that mount the web at the root.
func (w *Web) Handler() http.Handler {
	mux := http.NewServeMux()
	w.Register(mux)
	return mux
}

// Routes lists every route Register mounts, as "METHOD /pattern" (or
// "/pattern" for any method), for the authorisation matrix test. It is
// recorded from Register itself, so it cannot drift from what is served.
func Routes() []string {
	rec := &routeRecorder{}
	(&Web{assets: &assets{}}).Register(rec)
	return rec.patterns
}

type routeRecorder struct{ patterns []string }

func (r *routeRecorder) Handle(pattern string, _ http.Handler) {
	r.patterns = append(r.patterns, pattern)
}

func (r *routeRecorder) HandleFunc(pattern string, _ func(http.ResponseWriter, *http.Request)) {
	r.patterns = append(r.patterns, pattern)
}

// principal is the signed-in user, or nil.
func principal(r *http.Request) *auth.Principal { return auth.FromContext(r.Context()) }

func (w *Web) viewUser(r *http.Request) *ViewUser {
	p := principal(r)
	if p == nil {
		return nil
	}
	name := p.Name
	if name == "" {
		name = p.Email
	}
	return &ViewUser{ID: p.UserID, Name: name,
		CanViewAdministration:  auth.Can(p, auth.ViewAdministration, 0),
		CanCreatePartnership:   auth.Can(p, auth.CreatePartnership, 0),
		CanManageOrganisations: auth.Can(p, auth.ManageOrganisations, 0),
		CanImportIndicators:    w.canImport(p)}
}

// storeError answers for a failed store call: 404 for ErrNotFound, 409 for
// ErrConflict, otherwise a clean 500.
func (w *Web) storeError(rw http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		w.notFound(rw, r)
	case errors.Is(err, store.ErrConflict):
		w.render(rw, r, http.StatusConflict, "error", &Page{
			Title: "That change clashes with another",
			Data:  errorView{Message: "Someone else changed this at the same time, or the value is already taken. Go back and try again."},
		})
	default:
		w.serverError(rw, r, fmt.Errorf("store: %w", err))
	}
}

// requireSignIn sends anonymous visitors to the sign-in page and reports
// whether the request may go on.
func (w *Web) requireSignIn(rw http.ResponseWriter, r *http.Request) (*auth.Principal, bool) {
	p := principal(r)
	if p == nil {
		http.Redirect(rw, r, signInHref(r.URL.RequestURI()), http.StatusSeeOther)
		return nil, false
	}
	return p, true
}

// allow checks action for the signed-in user: anonymous visitors are sent to
// sign in, others without permission get 403.
func (w *Web) allow(rw http.ResponseWriter, r *http.Request, action auth.Action, partnershipID int64) (*auth.Principal, bool) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return nil, false
	}
	if !auth.Can(p, action, partnershipID) {
		w.forbidden(rw, r)
		return nil, false
	}
	return p, true
}
