package web

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/web/chart"
)

// The Money pages (docs/money-pages.md): pooled funds, their section 75
// agreements, contributions, schemes, the ledger, forecasts, what-if
// scenarios, sign-off and the BCF-shaped exports. Each page or action has
// its own file, money_*.go; this one mounts them and holds what they share.

// registerMoneyRoutes mounts the Money pages on mux.
func (w *Web) registerMoneyRoutes(mux Mux) {
	mux.HandleFunc("GET /money", w.moneyFunds)
	mux.HandleFunc("GET /money/funds/new", w.moneyFundNewForm)
	mux.HandleFunc("POST /money/funds/new", w.moneyFundCreate)
	mux.HandleFunc("GET /money/funds/{id}", w.moneyFundOverview)
	mux.HandleFunc("GET /money/funds/{id}/agreement", w.moneyAgreement)
	mux.HandleFunc("POST /money/funds/{id}/agreement", w.moneyAgreementSave)
	mux.HandleFunc("POST /money/funds/{id}/agreement/variations", w.moneyVariationRecord)
	mux.HandleFunc("GET /money/funds/{id}/contributions", w.moneyContributions)
	mux.HandleFunc("POST /money/funds/{id}/contributions", w.moneyContributionAdd)
	mux.HandleFunc("GET /money/funds/{id}/schemes", w.moneySchemes)
	mux.HandleFunc("POST /money/funds/{id}/schemes", w.moneySchemeCreate)
	mux.HandleFunc("GET /money/funds/{id}/ledger", w.moneyLedger)
	mux.HandleFunc("POST /money/funds/{id}/ledger", w.moneyPostingCreate)
	mux.HandleFunc("POST /money/funds/{id}/ledger/{postingID}/reverse", w.moneyPostingReverse)
	mux.HandleFunc("POST /money/funds/{id}/periods/close", w.moneyPeriodClose)
	mux.HandleFunc("GET /money/funds/{id}/actuals", w.moneyActualsForm)
	mux.HandleFunc("POST /money/funds/{id}/actuals", w.moneyActualsImport)
	mux.HandleFunc("GET /money/funds/{id}/actuals/{uploadID}", w.moneyActualsStatus)
	mux.HandleFunc("GET /money/funds/{id}/forecast", w.moneyForecast)
	mux.HandleFunc("GET /money/funds/{id}/what-if", w.moneyWhatIf)
	mux.HandleFunc("POST /money/funds/{id}/scenarios", w.moneyScenarioSave)
	mux.HandleFunc("GET /money/funds/{id}/scenarios/{scenarioID}", w.moneyScenario)
	mux.HandleFunc("GET /money/funds/{id}/sign-off", w.moneySignoff)
	mux.HandleFunc("POST /money/funds/{id}/sign-off", w.moneySignoffRecord)
	mux.HandleFunc("GET /money/funds/{id}/exports", w.moneyExports)
	mux.HandleFunc("GET /money/funds/{id}/exports/{file}", w.moneyExportFile)
}

// The permissions the Money pages ask for.
var (
	moneyViewAction    = auth.ViewMoney
	moneyManageAction  = auth.ManageMoney
	moneySignOffAction = auth.SignMoneyPlan
)

// moneyFundData is what every page of a fund shows: the fund, its
// partnership and the tabs between its pages.
type moneyFundData struct {
	Fund      money.Fund
	P         places.Partnership
	Tabs      []NavItem
	CanManage bool
	CanSign   bool
	orgs      map[int64]places.Organisation
}

// fundTabs are the fund's pages, in the order the finance lead works.
var fundTabs = []struct{ key, path, label string }{
	{"overview", "", "Overview"},
	{"agreement", "/agreement", "Agreement"},
	{"contributions", "/contributions", "Contributions"},
	{"schemes", "/schemes", "Schemes"},
	{"ledger", "/ledger", "Ledger"},
	{"actuals", "/actuals", "Import actuals"},
	{"forecast", "/forecast", "Forecast"},
	{"what-if", "/what-if", "What if"},
	{"sign-off", "/sign-off", "Sign-off"},
	{"exports", "/exports", "Exports"},
}

func fundHref(id int64) string { return "/money/funds/" + strconv.FormatInt(id, 10) }

// loadFund reads the fund named by {id} and checks that the visitor may see
// it (action for writes). It answers the request itself and returns false
// when the page should not go on.
func (w *Web) loadFund(rw http.ResponseWriter, r *http.Request, tab string, action auth.Action) (*moneyFundData, *auth.Principal, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return nil, nil, false
	}
	f, err := w.store.MoneyFund(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return nil, nil, false
	}
	pr, ok := w.allow(rw, r, action, f.PartnershipID)
	if !ok {
		return nil, nil, false
	}
	p, err := w.store.GetPartnership(r.Context(), f.PartnershipID)
	if err != nil {
		w.storeError(rw, r, err)
		return nil, nil, false
	}
	d := &moneyFundData{Fund: f, P: p, orgs: map[int64]places.Organisation{},
		CanManage: auth.Can(pr, moneyManageAction, f.PartnershipID), CanSign: auth.Can(pr, moneySignOffAction, f.PartnershipID)}
	for _, t := range fundTabs {
		d.Tabs = append(d.Tabs, NavItem{Href: fundHref(f.ID) + t.path, Label: t.label, Current: t.key == tab})
	}
	return d, pr, true
}

// Href is the address of one of the fund's pages ("" for the overview).
func (d *moneyFundData) Href(path string) string { return fundHref(d.Fund.ID) + path }

// loadFundForm is loadFund for a POSTed form: the permission first, then
// the form (400 when it cannot be read).
func (w *Web) loadFundForm(rw http.ResponseWriter, r *http.Request, tab string, action auth.Action) (*moneyFundData, *auth.Principal, *Form, bool) {
	d, pr, ok := w.loadFund(rw, r, tab, action)
	if !ok {
		return nil, nil, nil, false
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return nil, nil, nil, false
	}
	return d, pr, f, true
}

// page wraps a fund page's view model with the layout's fields.
func (d *moneyFundData) page(title string, f *Form, data any) *Page {
	crumbs := []Crumb{{Label: "Home", Href: "/"}, {Label: "Money", Href: "/money"}}
	if title != d.Fund.Name {
		crumbs = append(crumbs, Crumb{Label: d.Fund.Name, Href: fundHref(d.Fund.ID)})
	}
	return &Page{Title: title, Form: f, Nav: "money", Breadcrumbs: crumbs, Data: data}
}

// org returns an organisation's name, reading each once per request.
func (w *Web) orgName(ctx context.Context, d *moneyFundData, id int64) string {
	if id == 0 {
		return ""
	}
	if o, ok := d.orgs[id]; ok {
		return o.Name
	}
	o, err := w.store.GetOrganisation(ctx, id)
	if err != nil {
		return "Organisation " + strconv.FormatInt(id, 10)
	}
	d.orgs[id] = o
	return o.Name
}

func (w *Web) orgOf(ctx context.Context, d *moneyFundData, id int64) places.Organisation {
	w.orgName(ctx, d, id)
	return d.orgs[id]
}

// providerKind names the part of the mixed economy an organisation
// belongs to: NHS, council in-house, voluntary or private.
func providerKind(k places.OrgKind) string {
	switch k {
	case places.OrgICB, places.OrgCCG, places.OrgNHSTrust, places.OrgGPPractice:
		return "NHS"
	case places.OrgCouncilUpper, places.OrgCouncilLower:
		return "Council in-house"
	case places.OrgVoluntary:
		return "Voluntary"
	case places.OrgPrivate:
		return "Private"
	case places.OrgHousing:
		return "Housing"
	}
	return "Other"
}

// moneyOrgOptions lists, by name, the organisations a fund deals with: those
// serving the partnership's area (the register is national), the board's
// member organisations, the host and the agreement's parties (an ICB, say,
// whose own area is wider than the place).
func (w *Web) moneyOrgOptions(ctx context.Context, d *moneyFundData) ([]Option, error) {
	orgs, _, err := w.store.ListOrganisations(ctx, store.OrgFilter{AreaCode: d.P.AreaCode, Page: store.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, o := range orgs {
		seen[o.ID] = true
	}
	extra := []int64{d.Fund.HostOrgID, d.P.LeadOrgID}
	members, err := w.store.ListMembers(ctx, d.P.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		extra = append(extra, m.OrgID)
	}
	a, err := w.store.MoneyAgreement(ctx, d.Fund.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	extra = append(extra, a.PartyIDs()...)
	for _, id := range extra {
		if id != 0 && !seen[id] {
			seen[id] = true
			if o := w.orgOf(ctx, d, id); o.ID != 0 {
				orgs = append(orgs, o)
			}
		}
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i].Name < orgs[j].Name })
	opts := []Option{{Value: "", Label: "Choose an organisation"}}
	for _, o := range orgs {
		d.orgs[o.ID] = o
		opts = append(opts, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name + " (" + providerKind(o.Kind) + ")"})
	}
	return opts, nil
}

// formPence reads an amount in pounds from field, recording a problem that
// names the field when it is missing or malformed.
func formPence(f *Form, field, label string) money.Pence {
	v, err := money.ParsePence(f.Get(field))
	switch {
	case errors.Is(err, money.ErrAmountEmpty):
		f.AddError(field, "Enter "+label)
	case errors.Is(err, money.ErrAmountLarge):
		f.AddError(field, "Enter a smaller amount for "+label)
	case err != nil:
		f.AddError(field, "Enter "+label+" in pounds and pence, like 1234.56")
	}
	return v
}

// formID reads a positive ID from field; 0 with a problem recorded when it
// is missing or not a number.
func formID(f *Form, field, message string) int64 {
	n, err := strconv.ParseInt(f.Get(field), 10, 64)
	if err != nil || n <= 0 {
		f.AddError(field, message)
		return 0
	}
	return n
}

// pounds formats pence for a page.
func pounds(p money.Pence) string { return p.String() }

// moneyCell is a right-aligned amount in a table.
func moneyCell(p money.Pence) Cell { return Cell{Text: p.String(), Numeric: true} }

// chartMonth labels a period "2025-04" as "Apr 2025".
func chartMonth(period string) string {
	if len(period) != 7 {
		return period
	}
	m, err := strconv.Atoi(period[5:])
	if err != nil || m < 1 || m > 12 {
		return period
	}
	return [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}[m-1] + " " + period[:4]
}

var _ = chart.Pounds
