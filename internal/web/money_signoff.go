package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
)

type moneySignoffView struct {
	*moneyFundData
	Has     bool
	Plan    money.PlanVersion
	Signed  Table
	Missing []string
	Options []Option
	Version string
}

func signoffRoleLabel(r money.SignoffRole) string {
	switch r {
	case money.RoleChiefExecutive:
		return "Chief executive"
	case money.RoleS151:
		return "Section 151 officer"
	}
	return string(r)
}

// moneySignoff shows the current plan version, who has signed it and who
// must still sign: each partner's chief executive and the council's
// section 151 officer. A later edit makes a new version and voids the
// earlier signatures.
func (w *Web) moneySignoff(rw http.ResponseWriter, r *http.Request) {
	d, _, ok := w.loadFund(rw, r, "sign-off", moneyViewAction)
	if !ok {
		return
	}
	notice := ""
	if r.URL.Query().Get("done") != "" {
		notice = "Signature recorded"
	}
	w.renderSignoff(rw, r, d, http.StatusOK, newForm(), notice)
}

func (w *Web) renderSignoff(rw http.ResponseWriter, r *http.Request, d *moneyFundData, status int, f *Form, notice string) {
	ctx := r.Context()
	f.OrderErrors("signature", "signer_name", "version")
	v := moneySignoffView{moneyFundData: d}
	plan, err := w.store.MoneyPlan(ctx, d.Fund.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		w.storeError(rw, r, err)
		return
	default:
		v.Has, v.Plan, v.Version = true, plan, strconv.Itoa(plan.Version)
	}
	v.Signed = Table{ID: "signoffs-table", Caption: "Signatures", Head: []Cell{{Text: "Organisation"}, {Text: "Role"}, {Text: "Signed by"}, {Text: "When"}, {Text: "Status"}}}
	for _, s := range plan.Signoffs {
		status := "Valid"
		if s.VoidedAt != "" {
			status = "Void: the plan changed after signing"
		}
		v.Signed.Rows = append(v.Signed.Rows, []Cell{{Text: w.orgName(ctx, d, s.OrgID), Header: true}, {Text: signoffRoleLabel(s.Role)}, {Text: s.SignerName}, {Text: s.SignedAt}, {Text: status}})
	}
	for _, m := range plan.Missing {
		label := signoffRoleLabel(m.Role) + " of " + w.orgName(ctx, d, m.OrgID)
		v.Missing = append(v.Missing, label)
		v.Options = append(v.Options, Option{Value: strconv.FormatInt(m.OrgID, 10) + ":" + string(m.Role), Label: label})
	}
	p := d.page("Sign-off", f, v)
	p.Notice = notice
	w.render(rw, r, status, "money-signoff", p)
}

// moneySignoffRecord records one signature on the current plan version.
func (w *Web) moneySignoffRecord(rw http.ResponseWriter, r *http.Request) {
	d, pr, f, ok := w.loadFundForm(rw, r, "sign-off", moneySignOffAction)
	if !ok {
		return
	}
	var err error
	var so money.Signoff
	org, role, found := strings.Cut(f.Get("signature"), ":")
	if id, err := strconv.ParseInt(org, 10, 64); !found || err != nil || id <= 0 {
		f.AddError("signature", "Choose whose signature this is")
	} else {
		so.OrgID, so.Role = id, money.SignoffRole(role)
	}
	so.SignerName = f.Get("signer_name")
	if so.SignerName == "" {
		f.AddError("signer_name", "Enter the name of the person signing")
	}
	checkLen(f, "signer_name", "The name", 200)
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil || version < 1 {
		f.AddError("version", "The plan version is missing: reload the page and sign again")
	}
	if f.Valid() {
		_, err = w.store.SignMoneyPlan(r.Context(), pr.Actor(), d.Fund.ID, version, so)
		var nr *money.NotRequiredError
		switch {
		case errors.As(err, &nr):
			f.AddError("signature", "This plan does not need that signature")
		case errors.Is(err, store.ErrNotFound):
			f.AddError("signature", "There is no plan to sign yet: allocate money to schemes first")
		case applyDomainError(f, err, map[string]string{"org_id": "signature", "role": "signature"}):
		case err != nil:
			w.storeError(rw, r, err)
			return
		}
	}
	if !f.Valid() {
		w.renderSignoff(rw, r, d, http.StatusUnprocessableEntity, f, "")
		return
	}
	http.Redirect(rw, r, d.Href("/sign-off")+"?done=1", http.StatusSeeOther)
}
