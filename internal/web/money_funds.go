package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
)

type moneyFundsView struct {
	Years   []Option // the year filter
	Year    string
	Groups  []moneyFundGroup
	CanNew  bool
	NewHref string
}

// moneyFundGroup is one partnership's funds.
type moneyFundGroup struct {
	Partnership string
	Href        string
	Table       Table
}

// moneyFunds lists the pooled funds the visitor may see, by partnership and
// financial year (?year=2025-26 narrows the list).
func (w *Web) moneyFunds(rw http.ResponseWriter, r *http.Request) {
	pr, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	year := r.URL.Query().Get("year")
	if year != "" {
		if _, err := money.FinancialYearStart(year); err != nil {
			w.badRequest(rw, r, "Financial year (year) must be a financial year like 2025-26.")
			return
		}
	}
	funds, err := w.store.MoneyFunds(r.Context(), 0)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := moneyFundsView{Year: year, CanNew: canManageMoneySomewhere(pr), NewHref: "/money/funds/new"}
	seenYear := map[string]bool{}
	byP := map[int64]int{}
	for _, f := range funds {
		if !auth.Can(pr, moneyViewAction, f.PartnershipID) {
			continue
		}
		if !seenYear[f.FinancialYear] {
			seenYear[f.FinancialYear] = true
			v.Years = append(v.Years, Option{Value: f.FinancialYear, Label: f.FinancialYear, Checked: f.FinancialYear == year})
		}
		if year != "" && f.FinancialYear != year {
			continue
		}
		i, ok := byP[f.PartnershipID]
		if !ok {
			p, err := w.store.GetPartnership(r.Context(), f.PartnershipID)
			if err != nil {
				w.storeError(rw, r, err)
				return
			}
			i = len(v.Groups)
			byP[f.PartnershipID] = i
			v.Groups = append(v.Groups, moneyFundGroup{Partnership: p.Name, Href: "/partnerships/" + strconv.FormatInt(p.ID, 10),
				Table: Table{ID: "funds-" + strconv.FormatInt(p.ID, 10), Caption: "Funds of " + p.Name, Head: []Cell{{Text: "Fund"}, {Text: "Financial year"}, {Text: "Kind"}, {Text: "Contributions", Numeric: true}}}})
		}
		pos, err := w.store.MoneyPosition(r.Context(), f.ID)
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		name := f.Name
		if f.Illustrative {
			name += " (illustrative)"
		}
		kind := "Better Care Fund"
		if f.Kind != money.FundBCF {
			kind = "Other pooled fund"
		}
		v.Groups[i].Table.Rows = append(v.Groups[i].Table.Rows, []Cell{{Text: name, Href: fundHref(f.ID), Header: true}, {Text: f.FinancialYear}, {Text: kind}, moneyCell(pos.Contributions)})
	}
	w.render(rw, r, http.StatusOK, "money-funds", &Page{Title: "Pooled funds", Nav: "money",
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}}, Data: v})
}

type moneyFundFormView struct {
	Partnerships []Option
	Years        []Option
	Kinds        []Option
	Orgs         []Option
	Consult      []Option
}

// canManageMoneySomewhere reports whether pr may manage the money of at
// least one partnership, and so set up a fund.
func canManageMoneySomewhere(pr *auth.Principal) bool {
	if auth.Can(pr, moneyManageAction, 0) {
		return true // global administrators
	}
	for pid := range pr.Roles {
		if auth.Can(pr, moneyManageAction, pid) {
			return true
		}
	}
	return false
}

// moneyFundNewForm asks for a new pooled fund.
func (w *Web) moneyFundNewForm(rw http.ResponseWriter, r *http.Request) {
	pr, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	if !canManageMoneySomewhere(pr) {
		w.forbidden(rw, r)
		return
	}
	w.renderFundForm(rw, r, pr, http.StatusOK, newForm())
}

func (w *Web) renderFundForm(rw http.ResponseWriter, r *http.Request, pr *auth.Principal, status int, f *Form) {
	f.OrderErrors("partnership_id", "name", "financial_year", "kind", "host_org_id", "manager_name")
	v := moneyFundFormView{Consult: []Option{{Value: "yes", Label: "Money moves to a scheme only after its consultation has closed"}}, Kinds: []Option{{Value: string(money.FundBCF), Label: "Better Care Fund"}, {Value: string(money.FundOther), Label: "Another pooled fund"}}}
	ps, _, err := w.store.ListPartnerships(r.Context(), store.PartnershipFilter{Page: store.Page{Limit: 1000}})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v.Partnerships = []Option{{Value: "", Label: "Choose a partnership"}}
	for _, p := range ps {
		if auth.Can(pr, moneyManageAction, p.ID) {
			v.Partnerships = append(v.Partnerships, Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name})
		}
	}
	v.Years = []Option{{Value: "", Label: "Choose a year"}}
	for _, y := range money.Years() {
		v.Years = append(v.Years, Option{Value: y, Label: y})
	}
	orgs, _, err := w.store.ListOrganisations(r.Context(), store.OrgFilter{Page: store.Page{Limit: 2000}})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v.Orgs = []Option{{Value: "", Label: "Choose the host partner"}}
	for _, o := range orgs {
		v.Orgs = append(v.Orgs, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	w.render(rw, r, status, "money-fund-new", &Page{Title: "Set up a pooled fund", Nav: "money", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Money", Href: "/money"}}, Data: v})
}

// moneyFundCreate records a new fund, or shows the form again naming each
// problem.
func (w *Web) moneyFundCreate(rw http.ResponseWriter, r *http.Request) {
	pr, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	if !canManageMoneySomewhere(pr) {
		w.forbidden(rw, r)
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	pid := formID(f, "partnership_id", "Choose the partnership the fund belongs to")
	if pid != 0 && !auth.Can(pr, moneyManageAction, pid) {
		w.forbidden(rw, r)
		return
	}
	fund := money.Fund{PartnershipID: pid, Name: f.Get("name"), FinancialYear: f.Get("financial_year"), Kind: money.FundKind(f.Get("kind")),
		ManagerName: f.Get("manager_name"), ConsultBeforeAllocating: f.Get("consult_before_allocating") == "yes"}
	fund.HostOrgID = formID(f, "host_org_id", "Choose the host partner")
	checkLen(f, "name", "The fund's name", 200)
	checkLen(f, "manager_name", "The pooled fund manager's name", 200)
	fund.Normalize()
	applyDomainError(f, fund.Validate(), nil)
	if !f.Valid() {
		w.renderFundForm(rw, r, pr, http.StatusUnprocessableEntity, f)
		return
	}
	created, err := w.store.CreateMoneyFund(r.Context(), pr.Actor(), fund)
	if applyDomainError(f, err, nil) {
		w.renderFundForm(rw, r, pr, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, fundHref(created.ID)+"?done=created", http.StatusSeeOther)
}
