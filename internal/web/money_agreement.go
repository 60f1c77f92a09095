package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
)

type moneyAgreementView struct {
	*moneyFundData
	Has        bool
	Summary    []SummaryRow
	Parties    Table
	Waterfall  []string
	Variations Table
	// The forms.
	Orgs       []Option
	PartyOpts  []Option
	RiskShares []Option
	AgreedOpts []Option
	Kinds      []Option
	ShowTerms  bool
}

func riskShareLabel(r money.RiskShare) string {
	switch r {
	case money.RiskOwn:
		return "Own risk: each partner bears the overspend of the schemes it commissions"
	case money.RiskProRata:
		return "Pro rata to contributions"
	case money.RiskFixed:
		return "A fixed split agreed in advance"
	case money.RiskPool:
		return "A risk pool first, then pro rata"
	}
	return string(r)
}

func waterfallLabel(s money.WaterfallStep) string {
	switch s {
	case money.StepUnderspends:
		return "Underspends elsewhere in the pool"
	case money.StepRiskPool:
		return "The risk pool"
	case money.StepUncommitted:
		return "Allocations not yet committed"
	case money.StepPartners:
		return "Money from outside the pool, under the risk share"
	}
	return string(s)
}

// moneyAgreement shows the agreement that governs the fund: its parties,
// hosting, risk share, over/underspend waterfall, notice periods and
// variations, with the forms to set its terms and record a variation.
func (w *Web) moneyAgreement(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "agreement", moneyViewAction)
	if !ok {
		return
	}
	notice := map[string]string{"terms": "Agreement saved", "variation": "Variation recorded"}[r.URL.Query().Get("done")]
	w.renderAgreement(rw, r, d, http.StatusOK, newForm(), notice)
}

func (w *Web) renderAgreement(rw http.ResponseWriter, r *http.Request, d *moneyFundData, status int, f *Form, notice string) {
	ctx := r.Context()
	f.OrderErrors("kind", "host_org_id", "hosting", "parties", "risk_share", "risk_pool", "termination_notice_months", "scheme_notice_months", "description", "effective_on", "agreed_by")
	v := moneyAgreementView{moneyFundData: d}
	a, err := w.store.MoneyAgreement(ctx, d.Fund.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		w.storeError(rw, r, err)
		return
	default:
		v.Has = true
	}
	if v.Has {
		kind := "Section 75 agreement (NHS Act 2006)"
		if a.Kind != "s75" {
			kind = "Another kind of agreement"
		}
		v.Summary = []SummaryRow{
			{Key: "Kind", Value: kind},
			{Key: "Host partner", Value: w.orgName(ctx, d, a.HostOrgID)},
			{Key: "Hosting arrangement", Value: a.Hosting},
			{Key: "Risk share", Value: riskShareLabel(a.RiskShare)},
			{Key: "Risk pool", Value: pounds(a.RiskPool)},
			{Key: "Notice to end the agreement", Value: strconv.Itoa(a.TerminationNoticeMonths) + " months, and never before the schemes end"},
			{Key: "Notice to leave one scheme", Value: strconv.Itoa(a.SchemeNoticeMonths) + " months"},
		}
		v.Parties = Table{ID: "parties-table", Caption: "Parties", Head: []Cell{{Text: "Partner"}, {Text: "Fixed share", Numeric: true}}}
		for _, p := range a.Parties {
			share := ""
			if a.RiskShare == money.RiskFixed {
				share = strconv.FormatInt(p.FixedShareBP/100, 10) + "." + strconv.FormatInt(p.FixedShareBP%100/10, 10) + strconv.FormatInt(p.FixedShareBP%10, 10) + "%"
			}
			v.Parties.Rows = append(v.Parties.Rows, []Cell{{Text: w.orgName(ctx, d, p.OrgID), Header: true}, {Text: share, Numeric: true}})
			v.AgreedOpts = append(v.AgreedOpts, Option{Value: strconv.FormatInt(p.OrgID, 10), Label: w.orgName(ctx, d, p.OrgID)})
		}
		for _, s := range a.Waterfall {
			v.Waterfall = append(v.Waterfall, waterfallLabel(s))
		}
		vars, err := w.store.MoneyVariations(ctx, d.Fund.ID)
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		v.Variations = Table{ID: "variations-table", Caption: "Variations agreed by every partner", Head: []Cell{{Text: "Recorded"}, {Text: "Change"}, {Text: "Takes effect"}}}
		for _, x := range vars {
			eff := x.EffectiveOn
			if eff == "" {
				eff = "At once"
			}
			v.Variations.Rows = append(v.Variations.Rows, []Cell{{Text: x.RecordedAt[:min(10, len(x.RecordedAt))]}, {Text: x.Description}, {Text: eff}})
		}
	}
	if d.CanManage {
		if v.Orgs, err = w.moneyOrgOptions(ctx, d); err != nil {
			w.storeError(rw, r, err)
			return
		}
		v.PartyOpts = v.Orgs[1:]
		for _, rs := range []money.RiskShare{money.RiskOwn, money.RiskProRata, money.RiskFixed, money.RiskPool} {
			v.RiskShares = append(v.RiskShares, Option{Value: string(rs), Label: riskShareLabel(rs)})
		}
		v.Kinds = []Option{{Value: "s75", Label: "Section 75 agreement"}, {Value: "other", Label: "Another kind"}}
		// Prefill the terms form with the agreement in force.
		if v.Has && f.Valid() && len(f.Values) == 0 {
			f.Values.Set("kind", a.Kind)
			f.Values.Set("host_org_id", strconv.FormatInt(a.HostOrgID, 10))
			f.Values.Set("hosting", a.Hosting)
			for _, p := range a.Parties {
				f.Values.Add("parties", strconv.FormatInt(p.OrgID, 10))
			}
			f.Values.Set("risk_share", string(a.RiskShare))
			if a.RiskPool > 0 {
				f.Values.Set("risk_pool", a.RiskPool.Plain())
			}
			f.Values.Set("termination_notice_months", strconv.Itoa(a.TerminationNoticeMonths))
			f.Values.Set("scheme_notice_months", strconv.Itoa(a.SchemeNoticeMonths))
		}
	}
	p := d.page("Agreement", f, v)
	p.Notice = notice
	w.render(rw, r, status, "money-agreement", p)
}

func monthsField(f *Form, field, label string, def int) int {
	s := f.Get(field)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 120 {
		f.AddError(field, label+" must be a whole number of months from 1 to 120")
		return 0
	}
	return n
}

// moneyAgreementSave records the agreement's terms.
func (w *Web) moneyAgreementSave(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "agreement", moneyManageAction)
	if !ok {
		return
	}
	var err error
	a := money.Agreement{FundID: d.Fund.ID, Kind: f.Get("kind"), Hosting: f.Get("hosting"), RiskShare: money.RiskShare(f.Get("risk_share"))}
	a.HostOrgID = formID(f, "host_org_id", "Choose the host partner")
	checkLen(f, "hosting", "The hosting arrangement", 2000)
	for _, s := range f.Values["parties"] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			f.AddError("parties", "Choose the partners from the list")
			break
		}
		a.Parties = append(a.Parties, money.Party{OrgID: id})
	}
	if a.RiskShare == "" {
		f.AddError("risk_share", "Choose how the partners share risk")
	}
	if f.Get("risk_pool") != "" {
		a.RiskPool = formPence(f, "risk_pool", "the risk pool")
	}
	a.TerminationNoticeMonths = monthsField(f, "termination_notice_months", "The notice to end the agreement", money.DefaultTerminationNoticeMonths)
	a.SchemeNoticeMonths = monthsField(f, "scheme_notice_months", "The notice to leave a scheme", money.DefaultSchemeNoticeMonths)
	a.Normalize()
	rename := map[string]string{"risk_pool_pence": "risk_pool"}
	applyDomainError(f, a.Validate(), rename)
	if f.Valid() {
		_, err = w.store.SaveMoneyAgreement(r.Context(), pr.Actor(), a)
		if !applyDomainError(f, err, rename) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	// Errors about one party (parties[2].org_id) show on the parties field.
	for i := range f.Errors {
		if strings.HasPrefix(f.Errors[i].Field, "parties[") {
			f.Errors[i].Field, f.Errors[i].ID = "parties", "parties"
		}
	}
	if !f.Valid() {
		w.renderAgreement(rw, r, d, http.StatusUnprocessableEntity, f, "")
		return
	}
	http.Redirect(rw, r, d.Href("/agreement")+"?done=terms", http.StatusSeeOther)
}

// moneyVariationRecord records a variation, which every partner must have
// agreed.
func (w *Web) moneyVariationRecord(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "agreement", moneyManageAction)
	if !ok {
		return
	}
	var err error
	v := money.Variation{Description: f.Get("description"), EffectiveOn: f.DateValue("effective_on", "The date it takes effect")}
	if v.Description == "" {
		f.AddError("description", "Enter what the variation changes")
	}
	checkLen(f, "description", "The description", 2000)
	for _, s := range f.Values["agreed_by"] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			f.AddError("agreed_by", "Choose the partners who agreed from the list")
			break
		}
		v.AgreedBy = append(v.AgreedBy, id)
	}
	if len(f.Values["agreed_by"]) == 0 {
		f.AddError("agreed_by", "Choose the partners who agreed: a variation needs every partner's agreement")
	}
	if f.Valid() {
		_, err = w.store.RecordMoneyVariation(r.Context(), pr.Actor(), d.Fund.ID, v)
		if errors.Is(err, store.ErrNotFound) {
			f.AddError("description", "Record the agreement's terms before a variation")
		} else if !applyDomainError(f, err, nil) && err != nil {
			w.storeError(rw, r, err)
			return
		}
	}
	for i := range f.Errors {
		if strings.HasPrefix(f.Errors[i].Field, "agreed_by[") {
			f.Errors[i].Field, f.Errors[i].ID = "agreed_by", "agreed_by"
		}
	}
	if !f.Valid() {
		w.renderAgreement(rw, r, d, http.StatusUnprocessableEntity, f, "")
		return
	}
	http.Redirect(rw, r, d.Href("/agreement")+"?done=variation#variations-table", http.StatusSeeOther)
}
