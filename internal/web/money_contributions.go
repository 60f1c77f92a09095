package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/money"
)

type moneyContributionsView struct {
	*moneyFundData
	Table     Table
	Total     string
	Partners  []Option
	Sources   []Option
	Bases     []Option
	Schedules []Option
}

func basisLabel(b money.Basis) string {
	switch b {
	case money.BasisStatutory:
		return "Statutory (cannot be withdrawn)"
	case money.BasisCondition:
		return "Condition of the fund (cannot be withdrawn)"
	case money.BasisVoluntary:
		return "Voluntary (can be withdrawn with notice)"
	}
	return string(b)
}

func scheduleLabel(s money.Schedule) string {
	switch s {
	case money.ScheduleMonthly:
		return "Monthly, one twelfth each month"
	case money.ScheduleQuarterly:
		return "Quarterly: 1 April, 1 July, 1 October, 1 January"
	}
	return string(s)
}

// moneyContributions lists each partner's lines by funding source, with the
// form to add one.
func (w *Web) moneyContributions(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "contributions", moneyViewAction)
	if !ok {
		return
	}
	notice := ""
	if r.URL.Query().Get("done") != "" {
		notice = "Contribution recorded"
	}
	w.renderContributions(rw, r, d, http.StatusOK, newForm(), notice)
}

func (w *Web) renderContributions(rw http.ResponseWriter, r *http.Request, d *moneyFundData, status int, f *Form, notice string) {
	ctx := r.Context()
	f.OrderErrors("partner_org_id", "source", "basis", "schedule", "amount")
	cs, err := w.store.MoneyContributions(ctx, d.Fund.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := moneyContributionsView{moneyFundData: d, Table: Table{ID: "contributions-table", Caption: "Contributions",
		Head: []Cell{{Text: "Partner"}, {Text: "Funding source"}, {Text: "Basis"}, {Text: "Payments"}, {Text: "Amount", Numeric: true}}}}
	var total money.Pence
	for _, c := range cs {
		total += c.Amount
		v.Table.Rows = append(v.Table.Rows, []Cell{{Text: w.orgName(ctx, d, c.PartnerOrgID), Header: true}, {Text: c.Source.Label()},
			{Text: basisLabel(c.Basis)}, {Text: scheduleLabel(c.Schedule)}, moneyCell(c.Amount)})
	}
	v.Total = pounds(total)
	if d.CanManage {
		if v.Partners, err = w.moneyOrgOptions(ctx, d); err != nil {
			w.storeError(rw, r, err)
			return
		}
		for _, s := range money.Sources {
			v.Sources = append(v.Sources, Option{Value: string(s), Label: s.Label()})
		}
		for _, b := range []money.Basis{money.BasisStatutory, money.BasisCondition, money.BasisVoluntary} {
			v.Bases = append(v.Bases, Option{Value: string(b), Label: basisLabel(b)})
		}
		for _, s := range []money.Schedule{money.ScheduleQuarterly, money.ScheduleMonthly} {
			v.Schedules = append(v.Schedules, Option{Value: string(s), Label: scheduleLabel(s)})
		}
	}
	p := d.page("Contributions", f, v)
	p.Notice = notice
	w.render(rw, r, status, "money-contributions", p)
}

// moneyContributionAdd records a partner's contribution line.
func (w *Web) moneyContributionAdd(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "contributions", moneyManageAction)
	if !ok {
		return
	}
	var err error
	c := money.Contribution{FundID: d.Fund.ID, Source: money.Source(f.Get("source")), Basis: money.Basis(f.Get("basis")), Schedule: money.Schedule(f.Get("schedule"))}
	c.PartnerOrgID = formID(f, "partner_org_id", "Choose the contributing partner")
	if f.Get("source") == "" {
		f.AddError("source", "Choose the funding source")
	}
	if f.Get("basis") == "" {
		f.AddError("basis", "Choose the basis of the contribution")
	}
	if f.Get("schedule") == "" {
		f.AddError("schedule", "Choose how the contribution is paid")
	}
	c.Amount = formPence(f, "amount", "the amount")
	c.Normalize()
	rename := map[string]string{"amount_pence": "amount"}
	applyDomainError(f, c.Validate(), rename)
	if f.Valid() {
		_, err = w.store.AddMoneyContribution(r.Context(), pr.Actor(), c)
		if !applyDomainError(f, err, rename) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		w.renderContributions(rw, r, d, http.StatusUnprocessableEntity, f, "")
		return
	}
	http.Redirect(rw, r, d.Href("/contributions")+"?done=1#contributions-table", http.StatusSeeOther)
}
