package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
)

type moneyLedgerView struct {
	*moneyFundData
	Kind      string
	KindTabs  []NavItem
	Postings  []moneyPostingRow
	Pager     Pager
	Periods   Table
	Balanced  bool
	Schemes   []Option
	Kinds     []Option
	Months    []Option
	OpenMonth []Option
}

type moneyPostingRow struct {
	ID                                   int64
	Period, Kind, Scheme, Who, Reference string
	Memo                                 string
	Amount                               string
	Reversal                             bool
	Reversed                             bool
	CanReverse                           bool
}

const moneyLedgerPageSize = 50

func kindLabel(k money.Kind) string {
	switch k {
	case money.KindContribution:
		return "Contribution"
	case money.KindBudget:
		return "Budget"
	case money.KindCommitment:
		return "Commitment"
	case money.KindActual:
		return "Actual"
	}
	return string(k)
}

// moneyLedger shows the fund's postings (all, or one kind: ?kind=commitment
// lists the commitments), each month with whether it is closed, and the
// form to post a budget, a commitment or an actual.
func (w *Web) moneyLedger(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "ledger", moneyViewAction)
	if !ok {
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "posted":
		notice = "Posted to the ledger"
	case "reversed":
		notice = "Posting reversed: both entries stay in the ledger"
	case "closed":
		notice = "Month closed"
	}
	w.renderLedger(rw, r, d, http.StatusOK, newForm(), notice)
}

func (w *Web) renderLedger(rw http.ResponseWriter, r *http.Request, d *moneyFundData, status int, f *Form, notice string) {
	ctx := r.Context()
	f.OrderErrors("kind", "scheme_id", "period", "amount", "reference", "memo", "posting_id", "close_period")
	kind := money.Kind(r.URL.Query().Get("kind"))
	if _, _, ok := kind.Accounts(); kind != "" && !ok {
		w.badRequest(rw, r, "Kind of posting (kind) must be contribution, budget, commitment or actual.")
		return
	}
	page, ok := pageParam(r)
	if !ok {
		w.badRequest(rw, r, "Page (page) must be a whole number from 1.")
		return
	}
	all, err := w.store.MoneyLedger(ctx, d.Fund.ID, store.MoneyLedgerFilter{})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	closed, err := w.store.MoneyClosedPeriods(ctx, d.Fund.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	schemes, err := w.store.MoneySchemes(ctx, d.Fund.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	schemeName := map[int64]string{}
	v := moneyLedgerView{moneyFundData: d, Kind: string(kind), Balanced: money.Balanced(money.TrialBalance(all))}
	v.Schemes = []Option{{Value: "", Label: "Choose a scheme"}}
	for _, s := range schemes {
		schemeName[s.ID] = s.Ref + " " + s.Name
		v.Schemes = append(v.Schemes, Option{Value: strconv.FormatInt(s.ID, 10), Label: s.Ref + " " + s.Name})
	}
	for _, k := range []money.Kind{"", money.KindContribution, money.KindBudget, money.KindCommitment, money.KindActual} {
		label, href := "All postings", d.Href("/ledger")
		if k != "" {
			label, href = kindLabel(k)+"s", href+"?kind="+string(k)
		}
		v.KindTabs = append(v.KindTabs, NavItem{Href: href, Label: label, Current: k == kind})
	}
	reversed := map[int64]bool{}
	var shown []money.Posting
	for _, p := range all {
		if p.ReversesID != 0 {
			reversed[p.ReversesID] = true
		}
		if kind == "" || p.Kind == kind {
			shown = append(shown, p)
		}
	}
	v.Pager = newPager(r, page, moneyLedgerPageSize, len(shown))
	end := min(v.Pager.Offset+moneyLedgerPageSize, len(shown))
	closedSet := map[string]bool{}
	for _, c := range closed {
		closedSet[c] = true
	}
	for _, p := range shown[min(v.Pager.Offset, len(shown)):end] {
		who := w.orgName(ctx, d, p.PartnerOrgID)
		if p.ProviderOrgID != 0 {
			who = w.orgName(ctx, d, p.ProviderOrgID)
		}
		row := moneyPostingRow{ID: p.ID, Period: p.Period, Kind: kindLabel(p.Kind), Scheme: schemeName[p.SchemeID], Who: who,
			Reference: p.Reference, Memo: p.Memo, Amount: pounds(p.Amount * money.Pence(p.Sign())), Reversal: p.ReversesID != 0, Reversed: reversed[p.ID]}
		row.CanReverse = d.CanManage && !row.Reversal && !row.Reversed && p.Kind != money.KindContribution
		v.Postings = append(v.Postings, row)
	}
	// The months of the year: what was posted in each, and whether closed.
	byPeriod := map[string][4]money.Pence{}
	for _, p := range all {
		t := byPeriod[p.Period]
		i := map[money.Kind]int{money.KindContribution: 0, money.KindBudget: 1, money.KindCommitment: 2, money.KindActual: 3}[p.Kind]
		t[i] += p.Amount * money.Pence(p.Sign())
		byPeriod[p.Period] = t
	}
	v.Periods = Table{ID: "periods-table", Caption: "Months", Head: []Cell{{Text: "Month"}, {Text: "Status"}, {Text: "Budgets", Numeric: true}, {Text: "Commitments", Numeric: true}, {Text: "Actuals", Numeric: true}}}
	for _, per := range money.Periods(d.Fund.FinancialYear) {
		status := "Open"
		if closedSet[per] {
			status = "Closed"
		} else {
			v.OpenMonth = append(v.OpenMonth, Option{Value: per, Label: chartMonth(per)})
		}
		t := byPeriod[per]
		v.Periods.Rows = append(v.Periods.Rows, []Cell{{Text: chartMonth(per), Header: true}, {Text: status}, moneyCell(t[1]), moneyCell(t[2]), moneyCell(t[3])})
		v.Months = append(v.Months, Option{Value: per, Label: chartMonth(per)})
	}
	v.Months = append([]Option{{Value: "", Label: "Choose a month"}}, v.Months...)
	for _, k := range []money.Kind{money.KindBudget, money.KindCommitment, money.KindActual} {
		hint := map[money.Kind]string{money.KindBudget: "Allocate money from the pool to a scheme",
			money.KindCommitment: "A contract with the scheme's provider, spread evenly over the rest of the year", money.KindActual: "Money spent"}[k]
		v.Kinds = append(v.Kinds, Option{Value: string(k), Label: kindLabel(k), Hint: hint})
	}
	title := "Ledger"
	if kind == money.KindCommitment {
		title = "Commitments"
	}
	p := d.page(title, f, v)
	p.Notice = notice
	w.render(rw, r, status, "money-ledger", p)
}

// moneyPostingCreate posts a budget, commitment or actual. A commitment
// beyond the funds available, or to a scheme whose consultation is still
// open, is refused naming why.
func (w *Web) moneyPostingCreate(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "ledger", moneyManageAction)
	if !ok {
		return
	}
	var err error
	p := money.Posting{FundID: d.Fund.ID, Kind: money.Kind(f.Get("kind")), Period: f.Get("period"), Reference: f.Get("reference"), Memo: f.Get("memo")}
	if _, _, ok := p.Kind.Accounts(); !ok || p.Kind == money.KindContribution {
		f.AddError("kind", "Choose budget, commitment or actual")
	}
	p.SchemeID = formID(f, "scheme_id", "Choose the scheme")
	if !money.ValidPeriod(p.Period) {
		f.AddError("period", "Choose the month")
	}
	p.Amount = formPence(f, "amount", "the amount")
	checkLen(f, "reference", "The reference", 100)
	checkLen(f, "memo", "The note", 500)
	if f.Valid() && p.Kind == money.KindCommitment {
		// The spend profile: even over the months from the one posted to
		// the year's end.
		var rest []string
		for _, per := range money.Periods(d.Fund.FinancialYear) {
			if per >= p.Period {
				rest = append(rest, per)
			}
		}
		p.Profile = money.EvenProfile(p.Amount, rest)
	}
	if f.Valid() {
		_, err = w.store.PostMoney(r.Context(), pr.Actor(), p)
		if !moneyPostingError(f, err) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		w.renderLedger(rw, r, d, http.StatusUnprocessableEntity, f, "")
		return
	}
	http.Redirect(rw, r, d.Href("/ledger")+"?done=posted", http.StatusSeeOther)
}

// moneyPostingError puts a refused posting's reason on the form field it
// concerns, and reports whether it did.
func moneyPostingError(f *Form, err error) bool {
	var over *money.OvercommitError
	var consult *money.ConsultationOpenError
	switch {
	case err == nil:
		return false
	case errors.As(err, &over):
		f.AddError("amount", "There is not enough money: "+over.Error())
		return true
	case errors.As(err, &consult):
		f.AddError("scheme_id", "Money cannot move to this scheme yet: "+consult.Error())
		return true
	case errors.Is(err, money.ErrNoConsultations):
		f.AddError("scheme_id", "Money cannot move to this scheme yet: the fund asks for its consultation to have closed, and consultations cannot be checked here")
		return true
	case errors.Is(err, store.ErrNotFound):
		// The scheme names a consultation that does not exist (the fund
		// and the scheme were checked before).
		f.AddError("scheme_id", "Money cannot move to this scheme: the consultation it names was not found")
		return true
	}
	return applyDomainError(f, err, map[string]string{"amount_pence": "amount", "profile": "amount"})
}

// moneyPostingReverse appends the reversal of a posting (corrections are
// reversals, never edits).
func (w *Web) moneyPostingReverse(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "ledger", moneyManageAction)
	if !ok {
		return
	}
	postingID, ok := pathID(r, "postingID")
	if !ok {
		w.notFound(rw, r)
		return
	}
	var err error
	period := f.Get("period")
	if period != "" && !money.ValidPeriod(period) {
		f.AddError("period", "Enter the month of the reversal like 2025-04, or leave it blank for the original's month")
	}
	if f.Valid() {
		_, err = w.store.ReverseMoneyPosting(r.Context(), pr.Actor(), d.Fund.ID, postingID, period, f.Get("memo"))
		if errors.Is(err, store.ErrNotFound) {
			w.notFound(rw, r)
			return
		}
		if !moneyPostingError(f, err) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		w.renderLedger(rw, r, d, http.StatusUnprocessableEntity, f, "")
		return
	}
	http.Redirect(rw, r, d.Href("/ledger")+"?done=reversed", http.StatusSeeOther)
}

// moneyPeriodClose closes a month: nothing more is posted in it.
func (w *Web) moneyPeriodClose(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "ledger", moneyManageAction)
	if !ok {
		return
	}
	var err error
	period := f.Get("close_period")
	if !money.ValidPeriod(period) {
		f.AddError("close_period", "Choose the month to close")
	}
	if f.Valid() {
		err = w.store.CloseMoneyPeriod(r.Context(), pr.Actor(), d.Fund.ID, period)
		if !applyDomainError(f, err, map[string]string{"period": "close_period"}) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		w.renderLedger(rw, r, d, http.StatusUnprocessableEntity, f, "")
		return
	}
	http.Redirect(rw, r, d.Href("/ledger")+"?done=closed#periods-table", http.StatusSeeOther)
}
