package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
	"github.com/placeboard/placeboard/internal/web/chart"
)

//go:embed templates
var templateFS embed.FS

// templates holds one parsed set per page: the layout and the shared
// components, plus that page's own blocks.
type templates struct {
	pages map[string]*template.Template
}

func parseTemplates(a *assets) (*templates, error) {
	funcs := template.FuncMap{
		"asset":                a.URL,
		"needsValue":           needs.FormatValue,   // needs.go
		"needsOutcome":         needs.OutcomeLabel,  // needs.go
		"needsColour":          chart.OutcomeColour, // needs.go
		"needsPolarity":        needs.PolarityLabel, // needs.go
		"needsOutcomeWord":     needs.OutcomeWord,   // needs_comparator.go
		"exactNum":             csvNum,              // needs_comparator.go: a number in full, for data attributes
		"hasAsset":             a.Has,
		"fieldError":           fieldError,
		"formatInt":            formatInt,
		"kindLabel":            func(k places.OrgKind) string { return k.Label() },
		"sectorLabel":          sectorLabel,
		"roleLabel":            roleLabel,
		"areaType":             areaTypeLabel,
		"voteLabel":            voteLabel,
		"outcomeLabel":         outcomeLabel,
		"partnershipKindLabel": partnershipKindLabel,
		"dateLong":             dateLong,
		"lines":                lines,
		"navItem":              navItem,
		"priorityItem":         priorityItem,
		"tag":                  tag,
		"partnershipAreaType":  partnershipAreaType,
		"pbMoney":              budgeting.FormatPence, // pb_results.go
		"pbFields":             pbFieldsArgs,          // pb_vote.go
		"moneyUploadState":     moneyUploadState,      // money_actuals.go
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/components/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	pageFiles, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, f := range pageFiles {
		name := strings.TrimSuffix(path.Base(f), ".html")
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		t.pages[name] = clone
	}
	return t, nil
}

// Crumb is one link in the breadcrumbs.
type Crumb struct {
	Label string
	Href  string
}

// Page is what every template receives: the layout's fields and the page's
// own view model in Data.
type Page struct {
	Title       string // the page's h1 and the first part of <title>
	User        *ViewUser
	Breadcrumbs []Crumb
	Form        *Form // the page's form, if any; its errors fill the error summary
	Data        any
	// Nav marks the current section in the header's navigation.
	Nav string
	// Notice is a one-off success message shown in a notification banner.
	Notice string
	// Refresh, when above 0, reloads the page every Refresh seconds, so a
	// progress page moves without JavaScript. It is sent as the HTTP
	// Refresh header, which browsers follow like a meta refresh: axe
	// refuses <meta http-equiv="refresh"> (WCAG 2.2.1, timing adjustable),
	// so each progress page also offers a link that stops the refreshing.
	Refresh int
}

// ViewUser is the signed-in person as the layout shows them, with the
// global capabilities the layout and list pages offer links for (each
// decided by auth.Can).
type ViewUser struct {
	ID                     int64
	Name                   string
	CanViewAdministration  bool
	CanCreatePartnership   bool
	CanManageOrganisations bool
	CanImportIndicators    bool
}

// HasErrors reports whether the page's form has problems to summarise.
func (p *Page) HasErrors() bool { return p.Form != nil && len(p.Form.Errors) > 0 }

// render writes page name with status. The page is rendered to memory
// first, so a template failure becomes a clean error page rather than half
// a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	if p.User == nil {
		p.User = w.viewUser(r)
	}
	if p.Nav == "" {
		p.Nav = navSection(r.URL.Path)
	}
	t, ok := w.tmpl.pages[name]
	if !ok {
		w.log.Error("no such page template", "page", name)
		w.serverError(rw, r, fmt.Errorf("no template %q", name))
		return
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		w.log.Error("render page", "page", name, "err", err)
		w.serverError(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if p.Refresh > 0 {
		h.Set("Refresh", strconv.Itoa(p.Refresh))
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	rw.WriteHeader(status)
	_, _ = buf.WriteTo(rw)
}

// pageBuffers keeps the buffers pages are rendered into: growing a new one
// to a 400 KB profile page allocated twice that on every request.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage bounds the buffers kept: a rare huge page's is dropped.
const maxPooledPage = 2 << 20

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledPage {
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// statusClientClosedRequest is the status recorded when the visitor went
// away before the page was ready (nginx's 499); nobody reads the answer.
const statusClientClosedRequest = 499

// serverError answers 500 with a plain page that reveals nothing about the
// failure; the cause goes to the log. When the failure is only that the
// visitor disconnected (the request's context canceled), it is noted at
// info level and answered 499 instead: not a server error.
//
// A busy database (store.ErrBusy: a long import holds the lock, or
// PostgreSQL gave up on one) is not a fault: it answers 503 with
// Retry-After, and the person can simply try again.
func (w *Web) serverError(rw http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(r.Context().Err(), context.Canceled) {
		w.log.Info("web request abandoned by the client", "method", r.Method, "path", r.URL.Path, "err", err)
		rw.WriteHeader(statusClientClosedRequest)
		return
	}
	if errors.Is(err, store.ErrBusy) {
		w.log.Warn("web request: database busy", "method", r.Method, "path", r.URL.Path, "err", err)
		rw.Header().Set("Retry-After", retryAfterSeconds)
		w.render(rw, r, http.StatusServiceUnavailable, "error", &Page{Title: "The service is busy",
			Data: errorView{Message: "Nothing was changed. Wait a few seconds, then go back and try again."}})
		return
	}
	w.log.Error("web request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	if t, ok := w.tmpl.pages["error"]; ok {
		var buf bytes.Buffer
		p := &Page{Title: "Sorry, there is a problem with the service", Data: errorView{Message: "Try again later."}}
		if t.ExecuteTemplate(&buf, "layout", p) == nil {
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			rw.WriteHeader(http.StatusInternalServerError)
			_, _ = buf.WriteTo(rw)
			return
		}
	}
	http.Error(rw, "Sorry, there is a problem with the service. Try again later.", http.StatusInternalServerError)
}

// retryAfterSeconds is the Retry-After sent with 503 for a busy database.
const retryAfterSeconds = "2"

type errorView struct {
	Message string
}

// notFound answers 404 with the standard page.
func (w *Web) notFound(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusNotFound, "error", &Page{
		Title: "Page not found",
		Data:  errorView{Message: "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address."},
	})
}

// badRequest answers 400 with a message naming what was wrong.
func (w *Web) badRequest(rw http.ResponseWriter, r *http.Request, message string) {
	w.render(rw, r, http.StatusBadRequest, "error", &Page{
		Title: "There is a problem with your request",
		Data:  errorView{Message: message},
	})
}

func (w *Web) forbidden(rw http.ResponseWriter, r *http.Request) {
	if p := principal(r); p != nil && p.SecondFactorMissing {
		// An administrator without a second factor: enrol first.
		http.Redirect(rw, r, "/account/two-factor?next="+url.QueryEscape(safeNext(r.URL.RequestURI())), http.StatusSeeOther)
		return
	}
	w.render(rw, r, http.StatusForbidden, "error", &Page{
		Title: "You do not have permission to do that",
		Data:  errorView{Message: "Ask an administrator of this partnership for access."},
	})
}

func fieldError(f *Form, field string) string {
	if f == nil {
		return ""
	}
	return f.ErrorFor(field)
}

func formatInt(n any) string {
	switch x := n.(type) {
	case int:
		return chart.GroupDigits(int64(x))
	case int64:
		return chart.GroupDigits(x)
	case int32:
		return chart.GroupDigits(int64(x))
	}
	return fmt.Sprint(n)
}

// percent formats part/whole to one decimal place using integers only.
func percent(part, whole int64) string {
	if whole <= 0 {
		return "0.0%"
	}
	tenths := (part*1000 + whole/2) / whole
	return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + "%"
}

func sectorLabel(s places.Sector) string {
	switch s {
	case places.SectorNHS:
		return "NHS"
	case places.SectorLocalGovernment:
		return "Local government"
	case places.SectorOther:
		return "Other"
	}
	return "Not known"
}

func roleLabel(r places.MemberRole) string {
	switch r {
	case places.RoleChair:
		return "Chair"
	case places.RoleViceChair:
		return "Vice-chair"
	case places.RoleMember:
		return "Member"
	case places.RoleObserver:
		return "Observer"
	}
	return string(r)
}

func voteLabel(v places.VoteChoice) string {
	switch v {
	case places.VoteFor:
		return "For"
	case places.VoteAgainst:
		return "Against"
	case places.VoteAbstain:
		return "Abstained"
	}
	return string(v)
}

func outcomeLabel(o places.Outcome) string {
	switch o {
	case places.OutcomeConsensus:
		return "Agreed by consensus"
	case places.OutcomeVote:
		return "Decided by vote"
	}
	return string(o)
}

func partnershipKindLabel(k places.PartnershipKind) string {
	switch k {
	case places.PartnershipHWB:
		return "Health and wellbeing board"
	case places.PartnershipFootprint:
		return "Footprint partnership"
	}
	return string(k)
}

var areaTypeLabels = map[places.AreaType]string{
	places.AreaCountry: "Country",
	places.AreaRegion:  "Region",
	places.AreaNHSER:   "NHS England region",
	places.AreaICB:     "Integrated care board (2022)",
	places.AreaSTP:     "Sustainability and transformation partnership footprint (2017)",
	places.AreaUTLA:    "Upper-tier council area",
	places.AreaLTLA:    "Lower-tier council area",
	places.AreaLSOA:    "Lower layer super output area",
}

func areaTypeLabel(t places.AreaType) string {
	if l, ok := areaTypeLabels[t]; ok {
		return l
	}
	return string(t)
}

// dateLong turns 2026-03-31 into "31 March 2026", the GOV.UK style.
func dateLong(s string) string {
	t, err := places.ParseDate(s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

// lines splits text into paragraphs for display.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// addValidation records the field errors a domain error carries, and
// reports false when it carries none.
func (f *Form) addValidation(err error) bool {
	verrs, ok := validation.As(err)
	if !ok {
		return false
	}
	for _, fe := range verrs.Fields {
		f.AddError(fe.Field, fe.Message)
	}
	return true
}
