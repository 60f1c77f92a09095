package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

type orgView struct {
	Identifiers  []SummaryRow
	Org          places.Organisation
	Sector       places.Sector
	Areas        []places.Area
	Partnerships []places.Partnership
}

// organisationPage shows an organisation's identifiers and the areas it
// serves.
func (w *Web) organisationPage(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	ctx := r.Context()
	o, err := w.store.GetOrganisation(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	areas, err := w.store.AreasByCode(ctx, o.AreaCodes)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := orgView{Org: o, Sector: places.SectorOf(o.Kind), Areas: areas}
	v.Identifiers = []SummaryRow{
		{Key: "Sector", Value: sectorLabel(v.Sector)},
		{Key: "ODS code", Value: o.ODSCode},
		{Key: "ONS code", Value: o.ONSCode},
		{Key: "School URN", Value: o.SchoolURN},
		{Key: "Charity number", Value: o.CharityNumber},
	}
	// Partnerships this organisation leads.
	ps, _, err := w.store.ListPartnerships(ctx, store.PartnershipFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	for _, p := range ps {
		if p.LeadOrgID == o.ID {
			v.Partnerships = append(v.Partnerships, p)
		}
	}
	w.render(rw, r, http.StatusOK, "organisation", &Page{
		Title: o.Name, Nav: "organisations",
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Organisations", Href: "/organisations"}},
		Data:        v,
	})
}
