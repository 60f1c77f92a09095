package web

import (
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/money"
)

type moneySchemesView struct {
	*moneyFundData
	Table      Table
	Mix        Table // the mixed economy: money by kind of provider
	Orgs       []Option
	Types      []Option
	Categories []Option
	YearNote   string
}

// moneySchemes lists the fund's schemes with their commissioner and
// provider (separate roles, from the organisation register), budget,
// commitments and spend, the mixed economy of providers, and the form to
// add a scheme.
func (w *Web) moneySchemes(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "schemes", moneyViewAction)
	if !ok {
		return
	}
	notice := ""
	if r.URL.Query().Get("done") != "" {
		notice = "Scheme added"
	}
	w.renderSchemes(rw, r, d, http.StatusOK, newForm(), notice)
}

func (w *Web) renderSchemes(rw http.ResponseWriter, r *http.Request, d *moneyFundData, status int, f *Form, notice string) {
	ctx := r.Context()
	f.OrderErrors("ref", "name", "scheme_type", "expenditure_category", "commissioner_org_id", "provider_org_id", "starts_on", "ends_on", "priority", "consultation_id")
	schemes, err := w.store.MoneySchemes(ctx, d.Fund.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	pos, err := w.store.MoneyPosition(ctx, d.Fund.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	byScheme := map[int64]money.SchemePosition{}
	for _, s := range pos.Schemes {
		byScheme[s.SchemeID] = s
	}
	v := moneySchemesView{moneyFundData: d,
		Table: Table{ID: "schemes-table", Caption: "Schemes", Head: []Cell{{Text: "Scheme"}, {Text: "Type"}, {Text: "Commissioner"}, {Text: "Provider"},
			{Text: "Runs"}, {Text: "Priority", Numeric: true}, {Text: "Budget", Numeric: true}, {Text: "Committed", Numeric: true}, {Text: "Spent", Numeric: true}}},
		Mix: Table{ID: "mix-table", Caption: "Mixed economy of providers", Head: []Cell{{Text: "Kind of provider"}, {Text: "Schemes", Numeric: true}, {Text: "Budget", Numeric: true}}},
	}
	mix := map[string]*[2]int64{}
	var mixOrder []string
	for _, s := range schemes {
		sp := byScheme[s.ID]
		prov := w.orgOf(ctx, d, s.ProviderOrgID)
		kind := providerKind(prov.Kind)
		v.Table.Rows = append(v.Table.Rows, []Cell{{Text: s.Ref + " " + s.Name, Header: true}, {Text: s.SchemeType + " (" + s.Category + ")"},
			{Text: w.orgName(ctx, d, s.CommissionerOrgID)}, {Text: prov.Name + " (" + kind + ")"}, {Text: s.StartsOn + " to " + s.EndsOn},
			{Text: strconv.Itoa(s.Priority), Numeric: true}, moneyCell(sp.Budget), moneyCell(sp.Committed), moneyCell(sp.Spent)})
		if mix[kind] == nil {
			mix[kind] = &[2]int64{}
			mixOrder = append(mixOrder, kind)
		}
		mix[kind][0]++
		mix[kind][1] += int64(sp.Budget)
	}
	for _, k := range mixOrder {
		v.Mix.Rows = append(v.Mix.Rows, []Cell{{Text: k, Header: true}, {Text: strconv.FormatInt(mix[k][0], 10), Numeric: true}, moneyCell(money.Pence(mix[k][1]))})
	}
	if d.CanManage {
		if v.Orgs, err = w.moneyOrgOptions(ctx, d); err != nil {
			w.storeError(rw, r, err)
			return
		}
		v.Types = []Option{{Value: "", Label: "Choose a scheme type"}}
		v.Categories = []Option{{Value: "", Label: "Choose an expenditure category"}}
		if y, err := money.Year(d.Fund.FinancialYear); err == nil {
			for _, t := range y.SchemeTypes {
				v.Types = append(v.Types, Option{Value: t, Label: t})
			}
			for _, c := range y.ExpenditureCategories {
				v.Categories = append(v.Categories, Option{Value: c, Label: c})
			}
			v.YearNote = "Scheme types and expenditure categories are those of " + y.Name + "."
		}
	}
	p := d.page("Schemes", f, v)
	p.Notice = notice
	w.render(rw, r, status, "money-schemes", p)
}

// moneySchemeCreate adds a scheme, or shows the form again naming each
// problem.
func (w *Web) moneySchemeCreate(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "schemes", moneyManageAction)
	if !ok {
		return
	}
	var err error
	s := money.Scheme{FundID: d.Fund.ID, Ref: f.Get("ref"), Name: f.Get("name"), SchemeType: f.Get("scheme_type"), Category: f.Get("expenditure_category")}
	checkLen(f, "ref", "The scheme's reference", 20)
	checkLen(f, "name", "The scheme's name", 200)
	s.CommissionerOrgID = formID(f, "commissioner_org_id", "Choose the commissioner")
	s.ProviderOrgID = formID(f, "provider_org_id", "Choose the provider")
	s.StartsOn = f.DateValue("starts_on", "Start date")
	s.EndsOn = f.DateValue("ends_on", "End date")
	if s.StartsOn == "" && f.ErrorFor("starts_on") == "" {
		f.AddError("starts_on", "Enter the date the scheme starts")
	}
	if s.EndsOn == "" && f.ErrorFor("ends_on") == "" {
		f.AddError("ends_on", "Enter the date the scheme ends")
	}
	if n, err := strconv.Atoi(f.Get("priority")); err != nil || n < 1 || n > 1000 {
		f.AddError("priority", "Enter the scheme's priority as a whole number from 1 to 1000 (1 is kept longest)")
	} else {
		s.Priority = n
	}
	if c := f.Get("consultation_id"); c != "" {
		s.ConsultationID = formID(f, "consultation_id", "Enter the consultation's number, or leave it blank")
	}
	s.Normalize()
	var year *money.YearData
	if y, err := money.Year(d.Fund.FinancialYear); err == nil {
		year = &y
	}
	applyDomainError(f, s.Validate(year), nil)
	if f.Valid() {
		_, err = w.store.CreateMoneyScheme(r.Context(), pr.Actor(), s)
		if !applyDomainError(f, err, nil) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		w.renderSchemes(rw, r, d, http.StatusUnprocessableEntity, f, "")
		return
	}
	http.Redirect(rw, r, d.Href("/schemes")+"?done=1#schemes-table", http.StatusSeeOther)
}
