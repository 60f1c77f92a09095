package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

type partnershipEditView struct {
	P          places.Partnership
	OrgOptions []Option
}

// editablePartnership reads the partnership in the path after checking the
// caller may edit it; false when a response was written.
func (w *Web) editablePartnership(rw http.ResponseWriter, r *http.Request) (*auth.Principal, places.Partnership, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return nil, places.Partnership{}, false
	}
	pr, ok := w.allow(rw, r, auth.EditPartnership, id)
	if !ok {
		return nil, places.Partnership{}, false
	}
	p, err := w.store.GetPartnership(r.Context(), id)
	if err != nil {
		w.storeError(rw, r, err)
		return nil, p, false
	}
	return pr, p, true
}

func (w *Web) renderPartnershipEdit(rw http.ResponseWriter, r *http.Request, status int, p places.Partnership, f *Form) {
	f.OrderErrors("name", "lead_org_id", "lead_ods_code")
	opts, err := w.orgOptions(r.Context(), p.AreaCode)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	opts[0].Label = "No lead organisation"
	w.render(rw, r, status, "partnership-edit", &Page{
		Title: "Change the partnership's details", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: p.Name, Href: "/partnerships/" + formatIntPlain(p.ID)}},
		Data:        partnershipEditView{P: p, OrgOptions: opts},
	})
}

// partnershipEditForm shows the partnership's name and lead organisation
// for correction.
func (w *Web) partnershipEditForm(rw http.ResponseWriter, r *http.Request) {
	_, p, ok := w.editablePartnership(rw, r)
	if !ok {
		return
	}
	f := newForm()
	f.Values.Set("name", p.Name)
	if p.LeadOrgID != 0 {
		f.Values.Set("lead_org_id", strconv.FormatInt(p.LeadOrgID, 10))
	}
	w.renderPartnershipEdit(rw, r, http.StatusOK, p, f)
}

// partnershipUpdate saves the new name and lead (audited with before and
// after), or shows the form again.
func (w *Web) partnershipUpdate(rw http.ResponseWriter, r *http.Request) {
	pr, p, ok := w.editablePartnership(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	p.Name = f.Values.Get("name")
	p.LeadOrgID = parseID(f, "lead_org_id", "Choose an organisation from the list")
	rename := map[string]string{}
	if code := f.Get("lead_ods_code"); code != "" {
		rename["lead_org_id"] = "lead_ods_code"
		switch o, found, err := w.findOrgByCode(r.Context(), code); {
		case p.LeadOrgID != 0:
			f.AddError("lead_ods_code", "Either choose a lead organisation or enter its code, not both")
		case len(code) > 20:
			f.AddError("lead_ods_code", "Lead organisation's code must be 20 characters or fewer")
		case err != nil:
			w.storeError(rw, r, err)
			return
		case !found:
			f.AddError("lead_ods_code", "No organisation in the register has the code "+strings.ToUpper(code)+". Add it to the register first")
		default:
			p.LeadOrgID = o.ID
		}
	}
	p.Normalize()
	if verr := p.Validate(); verr != nil {
		applyDomainError(f, verr, rename)
	}
	if f.Valid() {
		_, err = w.store.UpdatePartnership(r.Context(), pr.Actor(), p)
		if err == nil {
			http.Redirect(rw, r, "/partnerships/"+formatIntPlain(p.ID)+"?done=changed", http.StatusSeeOther)
			return
		}
		if !applyDomainError(f, err, rename) {
			w.storeError(rw, r, err)
			return
		}
	}
	w.renderPartnershipEdit(rw, r, http.StatusUnprocessableEntity, p, f)
}

func partnershipEndView(p places.Partnership) endFormView {
	base := "/partnerships/" + formatIntPlain(p.ID)
	return endFormView{
		Caption: p.Name, Heading: "End the partnership",
		Hint:   "The day it was wound up, for example 31 3 2027",
		Action: base + "/end", Button: "End partnership", Back: base,
		Consequence: "The partnership is shown as ended. Its board, meetings and decisions stay in the record.",
	}
}

// partnershipEndForm asks when the partnership was wound up.
func (w *Web) partnershipEndForm(rw http.ResponseWriter, r *http.Request) {
	_, p, ok := w.editablePartnership(rw, r)
	if !ok {
		return
	}
	f := newForm()
	setDate(f, "date", p.EndedOn)
	w.renderEndForm(rw, r, http.StatusOK, partnershipEndView(p), w.boardCrumbs(r, p.ID), f)
}

// partnershipEnd records the end, or shows the form again.
func (w *Web) partnershipEnd(rw http.ResponseWriter, r *http.Request) {
	pr, p, ok := w.editablePartnership(rw, r)
	if !ok {
		return
	}
	w.endRecord(rw, r, partnershipEndView(p), w.boardCrumbs(r, p.ID), "Date the partnership ended", "ended_on",
		"/partnerships/"+formatIntPlain(p.ID)+"?done=ended",
		func(date string) error {
			_, err := w.store.EndPartnership(r.Context(), pr.Actor(), p.ID, date)
			return err
		})
}
