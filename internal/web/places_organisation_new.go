package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
)

type orgFormView struct{}

// KindOptions are the kinds of organisation.
func (orgFormView) KindOptions() []Option { return kindOptions("Choose a kind") }

// organisationNewForm adds one organisation to the register.
func (w *Web) organisationNewForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.allow(rw, r, auth.ManageOrganisations, 0); !ok {
		return
	}
	w.renderOrgForm(rw, r, http.StatusOK, newForm())
}

func (w *Web) renderOrgForm(rw http.ResponseWriter, r *http.Request, status int, f *Form) {
	f.OrderErrors("name", "kind", "ods_code", "ons_code", "school_urn", "charity_number", "area_codes")
	w.render(rw, r, status, "organisation-new", &Page{
		Title: "Add an organisation", Nav: "organisations", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Organisations", Href: "/organisations"}},
		Data:        orgFormView{},
	})
}

// organisationCreate stores the organisation, or shows the form again.
func (w *Web) organisationCreate(rw http.ResponseWriter, r *http.Request) {
	pr, ok := w.allow(rw, r, auth.ManageOrganisations, 0)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	checkLen(f, "area_codes", "Areas served", 10*places.MaxAreas)
	o := places.Organisation{
		Name: f.Get("name"), Kind: places.OrgKind(f.Get("kind")),
		ODSCode: f.Get("ods_code"), ONSCode: f.Get("ons_code"),
		SchoolURN: f.Get("school_urn"), CharityNumber: f.Get("charity_number"),
		AreaCodes: places.SplitAreaCodes(f.Values.Get("area_codes")),
	}
	o.Normalize()
	if verr := o.Validate(); verr != nil {
		applyDomainError(f, verr, nil)
	}
	if !f.Valid() {
		w.renderOrgForm(rw, r, http.StatusUnprocessableEntity, f)
		return
	}
	created, err := w.store.CreateOrganisation(r.Context(), pr.Actor(), o)
	if applyDomainError(f, err, nil) {
		w.renderOrgForm(rw, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/organisations/"+formatIntPlain(created.ID), http.StatusSeeOther)
}
