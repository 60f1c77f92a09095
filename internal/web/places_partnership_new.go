package web

import (
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

type partnershipFormView struct {
	// OrgOptions is the register, for the searchable lead organisation.
	OrgOptions []Option
}

// KindOptions are the kinds of partnership.
func (partnershipFormView) KindOptions() []Option {
	return []Option{
		{Value: string(places.PartnershipHWB), Label: "Health and wellbeing board", Hint: "For an upper-tier council area, like E06000001"},
		{Value: string(places.PartnershipFootprint), Label: "Footprint partnership", Hint: "For a 2017 footprint or a 2022 integrated care board, like E54000050"},
	}
}

// partnershipNewForm asks for a partnership's kind, area, name and lead.
func (w *Web) partnershipNewForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.allow(rw, r, auth.CreatePartnership, 0); !ok {
		return
	}
	f := newForm()
	q := r.URL.Query()
	if code := strings.TrimSpace(q.Get("area_code")); places.ValidAreaCode(strings.ToUpper(code)) {
		f.Values.Set("area_code", strings.ToUpper(code))
		if places.AreaType(q.Get("area_type")) == places.AreaUTLA {
			f.Values.Set("kind", string(places.PartnershipHWB))
		} else if t := places.AreaType(q.Get("area_type")); t == places.AreaSTP || t == places.AreaICB {
			f.Values.Set("kind", string(places.PartnershipFootprint))
		}
	}
	w.renderPartnershipForm(rw, r, http.StatusOK, f)
}

func (w *Web) renderPartnershipForm(rw http.ResponseWriter, r *http.Request, status int, f *Form) {
	f.OrderErrors("kind", "area_code", "name", "lead_org_id", "lead_ods_code")
	opts, err := w.orgOptions(r.Context(), strings.ToUpper(f.Get("area_code")))
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	opts[0].Label = "No lead organisation yet"
	w.render(rw, r, status, "partnership-new", &Page{
		Title: "Create a partnership", Nav: "admin", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Administration", Href: "/admin"}},
		Data:        partnershipFormView{OrgOptions: opts},
	})
}

// partnershipCreate stores the partnership, or shows the form again with
// the problems.
func (w *Web) partnershipCreate(rw http.ResponseWriter, r *http.Request) {
	pr, ok := w.allow(rw, r, auth.CreatePartnership, 0)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	p := places.Partnership{
		Kind:     places.PartnershipKind(f.Get("kind")),
		AreaCode: f.Get("area_code"),
		Name:     f.Get("name"),
	}
	if p.Kind == places.PartnershipHWB {
		p.AreaType = places.AreaUTLA
	}
	p.LeadOrgID = parseID(f, "lead_org_id", "Choose an organisation from the list")
	rename := map[string]string{"area_type": "area_code"}
	if code := f.Get("lead_ods_code"); code != "" {
		rename["lead_org_id"] = "lead_ods_code"
		if p.LeadOrgID != 0 {
			f.AddError("lead_ods_code", "Either choose a lead organisation or enter its code, not both")
		} else if len(code) > 20 {
			f.AddError("lead_ods_code", "Lead organisation's code must be 20 characters or fewer")
		} else if o, found, err := w.findOrgByCode(r.Context(), code); err != nil {
			w.storeError(rw, r, err)
			return
		} else if !found {
			f.AddError("lead_ods_code", "No organisation in the register has the code "+strings.ToUpper(code)+". Add it to the register first")
		} else {
			p.LeadOrgID = o.ID
		}
	}
	p.Normalize()
	if verr := p.Validate(); verr != nil {
		applyDomainError(f, verr, rename)
	}
	if !f.Valid() {
		w.renderPartnershipForm(rw, r, http.StatusUnprocessableEntity, f)
		return
	}
	created, err := w.store.CreatePartnership(r.Context(), pr.Actor(), p)
	if applyDomainError(f, err, rename) {
		w.renderPartnershipForm(rw, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/partnerships/"+formatIntPlain(created.ID)+"?done=created", http.StatusSeeOther)
}
