package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type moneyWhatIfView struct {
	*moneyFundData
	NoAgreement bool
	Partners    []Option
	Variations  []Option
	Scenarios   Table
	Result      *moneyWhatIfResult
	// SaveValues carries the question into the save form.
	SaveValues url.Values
	ShowSave   bool
}

// moneyWhatIfResult is a what-if answer laid out for the page (the what-if
// page and a saved scenario's page share it).
type moneyWhatIfResult struct {
	Question  string
	Effective string
	Reason    string
	Summary   []SummaryRow
	Breaches  []string
	Shortfall chartView
	Falling   Table
	Exposures Table
}

// whatIfResultView lays out r for a page.
func (w *Web) whatIfResultView(r *http.Request, d *moneyFundData, wd money.Withdrawal, res money.WhatIfResult, title string) *moneyWhatIfResult {
	ctx := r.Context()
	partner := w.orgName(ctx, d, wd.PartnerOrgID)
	v := &moneyWhatIfResult{
		Question:  partner + " gives notice on " + wd.NoticeOn + " to withdraw " + pounds(wd.Amount) + " in " + strconv.Itoa(wd.NoticeDays) + " days",
		Effective: res.EffectiveOn, Reason: res.Reason,
	}
	v.Summary = []SummaryRow{
		{Key: "Asked to take effect on", Value: res.RequestedOn},
		{Key: "Agreement's notice ends on", Value: res.NoticeEndsOn},
		{Key: "Schemes end on", Value: res.SchemesEndOn},
		{Key: "Takes effect on", Value: res.EffectiveOn},
		{Key: "Asked to withdraw", Value: pounds(res.Requested)},
		{Key: "Withdrawable, and modelled", Value: pounds(res.Modelled)},
		{Key: "Not covered by cutting schemes", Value: pounds(res.Uncovered)},
		{Key: "Met from the risk pool", Value: pounds(res.RiskPoolUsed)},
	}
	for _, b := range res.Breaches {
		v.Breaches = append(v.Breaches, pounds(b.Amount)+" of the "+b.Source.Label()+": "+b.Message)
	}
	months := make([]chart.MonthAmount, len(res.Months))
	for i, m := range res.Months {
		months[i] = chart.MonthAmount{Month: chartMonth(m.Period), Pence: int64(m.Amount)}
	}
	v.Shortfall = newChartView("shortfall", chart.ShortfallChart("shortfall", title, months), "")
	v.Falling = Table{ID: "falling-table", Caption: "Schemes that fall, in the partnership's order of priority", Head: []Cell{{Text: "Scheme"}, {Text: "Priority", Numeric: true},
		{Text: "Budget for the year", Numeric: true}, {Text: "Cut", Numeric: true}, {Text: "Falls"}, {Text: "From"}}}
	for _, f := range res.Falling {
		whole := "In part"
		if f.Whole {
			whole = "Entirely"
		}
		v.Falling.Rows = append(v.Falling.Rows, []Cell{{Text: f.Ref + " " + f.Name, Header: true}, {Text: strconv.Itoa(f.Priority), Numeric: true},
			moneyCell(f.Annual), moneyCell(f.Cut), {Text: whole}, {Text: f.FallsOn}})
	}
	v.Exposures = Table{ID: "exposures-table", Caption: "Each partner's exposure under the risk share", Head: []Cell{{Text: "Partner"}, {Text: "Exposure", Numeric: true}}}
	for _, e := range res.Exposures {
		v.Exposures.Rows = append(v.Exposures.Rows, []Cell{{Text: w.orgName(ctx, d, e.OrgID), Header: true}, moneyCell(e.Amount)})
	}
	return v
}

// readWithdrawal reads the what-if question from f, recording problems on
// the fields.
func readWithdrawal(f *Form) money.Withdrawal {
	wd := money.Withdrawal{}
	wd.PartnerOrgID = formID(f, "partner_org_id", "Choose the partner withdrawing")
	wd.Amount = formPence(f, "amount", "the amount withdrawn")
	if wd.Amount <= 0 && f.ErrorFor("amount") == "" {
		f.AddError("amount", "Enter the amount withdrawn, above zero")
	}
	wd.NoticeOn = f.DateValue("notice_on", "The date notice is given")
	if wd.NoticeOn == "" && f.ErrorFor("notice_on") == "" {
		f.AddError("notice_on", "Enter the date notice is given")
	}
	if n, err := strconv.Atoi(f.Get("notice_days")); err != nil || n < 0 || n > 3660 {
		f.AddError("notice_days", "Enter the days of notice as a whole number from 0 to 3660")
	} else {
		wd.NoticeDays = n
	}
	if s := f.Get("variation_id"); s != "" {
		wd.VariationID = formID(f, "variation_id", "Choose a recorded variation, or none")
	}
	return wd
}

var whatIfRename = map[string]string{"amount_pence": "amount"}

// moneyWhatIf asks "partner X withdraws £N with D days' notice from date
// T" (a GET form: asking changes nothing) and answers it under the
// agreement: when it can take effect, which lines are statutory and cannot
// go, the shortfall by month, the schemes that fall in priority order and
// each partner's exposure.
func (w *Web) moneyWhatIf(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "what-if", moneyViewAction)
	if !ok {
		return
	}
	f := &Form{Values: r.URL.Query()}
	status := http.StatusOK
	var result *moneyWhatIfResult
	if f.Values.Has("partner_org_id") {
		wd := readWithdrawal(f)
		if f.Valid() {
			res, err := money.FundWhatIf(r.Context(), w.store, d.Fund.ID, wd)
			switch {
			case errors.Is(err, store.ErrNotFound):
				w.notFound(rw, r)
				return
			case applyDomainError(f, err, whatIfRename):
			case err != nil:
				w.storeError(rw, r, err)
				return
			default:
				result = w.whatIfResultView(r, d, wd, res, "what if "+w.orgName(r.Context(), d, wd.PartnerOrgID)+" withdraws "+pounds(wd.Amount))
			}
		}
		if !f.Valid() {
			status = http.StatusUnprocessableEntity
		}
	}
	w.renderWhatIf(rw, r, d, status, f, result, "")
}

func (w *Web) renderWhatIf(rw http.ResponseWriter, r *http.Request, d *moneyFundData, status int, f *Form, result *moneyWhatIfResult, notice string) {
	ctx := r.Context()
	f.OrderErrors("partner_org_id", "amount", "notice_on", "notice_days", "variation_id", "name")
	v := moneyWhatIfView{moneyFundData: d, Result: result}
	a, err := w.store.MoneyAgreement(ctx, d.Fund.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		v.NoAgreement = true
	case err != nil:
		w.storeError(rw, r, err)
		return
	}
	v.Partners = []Option{{Value: "", Label: "Choose a partner"}}
	for _, p := range a.Parties {
		v.Partners = append(v.Partners, Option{Value: strconv.FormatInt(p.OrgID, 10), Label: w.orgName(ctx, d, p.OrgID)})
	}
	vars, err := w.store.MoneyVariations(ctx, d.Fund.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v.Variations = []Option{{Value: "", Label: "None: apply the agreement's notice terms"}}
	for _, x := range vars {
		v.Variations = append(v.Variations, Option{Value: strconv.FormatInt(x.ID, 10), Label: "Variation " + strconv.FormatInt(x.ID, 10) + ": " + x.Description})
	}
	scs, err := w.store.MoneyScenarios(ctx, d.Fund.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v.Scenarios = Table{ID: "scenarios-table", Caption: "Saved scenarios", Head: []Cell{{Text: "Scenario"}, {Text: "Takes effect"}, {Text: "Modelled", Numeric: true}, {Text: "Saved"}}}
	for _, sc := range scs {
		v.Scenarios.Rows = append(v.Scenarios.Rows, []Cell{{Text: sc.Name, Href: d.Href("/scenarios/" + strconv.FormatInt(sc.ID, 10)), Header: true},
			{Text: sc.Result.EffectiveOn}, moneyCell(sc.Result.Modelled), {Text: sc.CreatedAt[:min(10, len(sc.CreatedAt))]}})
	}
	if result != nil || f.ErrorFor("name") != "" {
		v.ShowSave = d.CanManage
		v.SaveValues = url.Values{}
		for _, k := range []string{"partner_org_id", "amount", "notice_on-day", "notice_on-month", "notice_on-year", "notice_days", "variation_id"} {
			v.SaveValues.Set(k, f.Get(k))
		}
	}
	p := d.page("What if a partner withdraws money?", f, v)
	p.Notice = notice
	w.render(rw, r, status, "money-whatif", p)
}

// moneyScenarioSave answers the question again and saves it, with its
// answer, under a name.
func (w *Web) moneyScenarioSave(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "what-if", moneyManageAction)
	if !ok {
		return
	}
	var err error
	wd := readWithdrawal(f)
	asked := f.Valid()
	name := f.Get("name")
	if name == "" {
		f.AddError("name", "Enter a name for the scenario")
	}
	checkLen(f, "name", "The name", 200)
	var res money.WhatIfResult
	if asked {
		res, err = money.FundWhatIf(r.Context(), w.store, d.Fund.ID, wd)
		if !applyDomainError(f, err, whatIfRename) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	var saved money.Scenario
	if f.Valid() {
		saved, err = w.store.SaveMoneyScenario(r.Context(), pr.Actor(), money.Scenario{FundID: d.Fund.ID, Name: name, Withdrawal: wd, Result: res})
		if !applyDomainError(f, err, nil) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		var result *moneyWhatIfResult
		if res.EffectiveOn != "" {
			result = w.whatIfResultView(r, d, wd, res, name)
		}
		w.renderWhatIf(rw, r, d, http.StatusUnprocessableEntity, f, result, "")
		return
	}
	http.Redirect(rw, r, d.Href("/scenarios/"+strconv.FormatInt(saved.ID, 10))+"?done=1", http.StatusSeeOther)
}

type moneyScenarioView struct {
	*moneyFundData
	Scenario money.Scenario
	Result   *moneyWhatIfResult
}

// moneyScenario shows a saved scenario with its chart and tables, as
// answered when it was saved.
func (w *Web) moneyScenario(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "what-if", moneyViewAction)
	if !ok {
		return
	}
	id, ok := pathID(r, "scenarioID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	sc, err := w.store.MoneyScenario(r.Context(), d.Fund.ID, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := moneyScenarioView{moneyFundData: d, Scenario: sc, Result: w.whatIfResultView(r, d, sc.Withdrawal, sc.Result, sc.Name)}
	p := d.page("Scenario: "+sc.Name, nil, v)
	if r.URL.Query().Get("done") != "" {
		p.Notice = "Scenario saved"
	}
	p.Breadcrumbs = append(p.Breadcrumbs, Crumb{Label: "What if", Href: d.Href("/what-if")})
	w.render(rw, r, http.StatusOK, "money-scenario", p)
}
